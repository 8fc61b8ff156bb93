package dev.estimator.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.estimator.e2e.fuzz.RawHttp.Header;

/**
 * One generated HTTP case: where it goes, the exact bytes, and what was done to a valid request to get them.
 *
 * @param id        {@code <part>#<n>}: with the seed, enough to generate it again ({@code -Dfuzz.only=<id>})
 * @param service   which base URL: gateway, catalog-service, cost-service or compute-service
 * @param endpoint  the route the case was made from, e.g. {@code GET /api/v1/models/{id}} (5xx are counted by it)
 * @param mutations what was changed, operator names first, e.g. {@code id:percent-NUL}
 * @param auth      whether the runner adds a valid analyst token (submissions) or the case brings its own (or none)
 * @param copies    > 1: sent that many times at once (an Idempotency-Key race); {@code altBody} for every other copy
 */
record HttpCase(String id, String service, String endpoint, String method, byte[] target, List<Header> headers, byte[] body,
        boolean hostHeader, List<String> mutations, boolean auth, int copies, byte[] altBody) {

    /** The request as sent, for a report: printable ASCII kept, anything else escaped, long runs shortened. */
    String describe(int max) {
        StringBuilder s = new StringBuilder(method).append(' ').append(printable(target, max));
        for (Header h : headers) {
            s.append(" | ").append(h.name()).append(": ").append(printable(h.value(), 120));
        }
        if (body != null) {
            s.append(" | body (").append(body.length).append(" bytes): ").append(printable(body, max));
        }
        if (copies > 1) {
            s.append(" | sent ").append(copies).append(" times at once");
        }
        return s.toString();
    }

    /**
     * The operator a violation is filed under: the outermost mutation (headers and bytes are applied after the JSON
     * tree, and an error of the HTTP layer is theirs), without its arguments.
     */
    String operator() {
        return mutations.isEmpty() ? "none (valid)" : mutations.get(mutations.size() - 1).replaceAll("[:(].*", "");
    }

    static String printable(byte[] bytes, int max) {
        if (bytes == null) {
            return "(none)";
        }
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < bytes.length && s.length() < max) {
            // Collapse long runs of one byte: "aaaa…" of 5,000 reads as a(x5000).
            int run = 1;
            while (i + run < bytes.length && bytes[i + run] == bytes[i]) {
                run++;
            }
            int b = bytes[i] & 0xff;
            String one = b >= 0x20 && b < 0x7f && b != '\\' ? Character.toString((char) b) : String.format("\\x%02x", b);
            if (run > 8) {
                s.append(one).append("(x").append(run).append(')');
                i += run;
            } else {
                s.append(one);
                i++;
            }
        }
        if (i < bytes.length) {
            s.append("…(").append(bytes.length - i).append(" more bytes)");
        }
        return s.toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Builder used by the generators. */
    static final class Builder {
        final String id;
        String service = "gateway";
        String endpoint;
        String method = "GET";
        byte[] target;
        final List<Header> headers = new ArrayList<>();
        byte[] body;
        boolean hostHeader = true;
        final List<String> mutations = new ArrayList<>();
        boolean auth;
        int copies = 1;
        byte[] altBody;

        Builder(String id) {
            this.id = id;
        }

        Builder header(String name, String value) {
            headers.add(Header.of(name, value));
            return this;
        }

        Builder header(String name, byte[] value) {
            headers.add(new Header(name, value));
            return this;
        }

        void removeHeader(String name) {
            headers.removeIf(h -> h.name().equalsIgnoreCase(name));
        }

        Builder mutation(String what) {
            mutations.add(what);
            return this;
        }

        HttpCase build() {
            return new HttpCase(id, service, endpoint, method, target, List.copyOf(headers), body, hostHeader, List.copyOf(mutations),
                    auth, copies, altBody);
        }
    }
}
