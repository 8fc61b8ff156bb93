package dev.estimator.e2e.fuzz;

import static dev.estimator.e2e.fuzz.JsonMutations.pick;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fuzzed reads: every GET endpoint of the gateway (its resources under /api/v1) and of the backends' own ports
 * (catalog-service, cost-service, compute-service), first as a valid request with a known id and sensible query, then one
 * or two seeded mutations: the id segment (percent-encoded and raw NUL, non-UTF-8, invalid escapes, encoded slashes,
 * dot segments, overflowing numbers, 1 KiB to 70 KiB), a query value (page/size/sort/format/sweepId garbage, int and long
 * overflow, the page x size products that overflow), the query's structure, the path's shape, headers, or the method
 * (read methods and nonsense ones). One backend case in six is instead a write (POST, PUT, DELETE, PATCH) to a catalog or
 * price route without an admin token: none, a garbage or forged one, or an analyst's; the oracle wants a 4xx for each,
 * so a write guard that lapsed would show as a violation (and could edit the catalog, which is why only these are sent).
 */
final class ReadCases {

    /** A GET route: the service, its path with {id} for the id segment, its query parameters, and what kind of id it takes. */
    record Endpoint(String service, String template, List<String> params, String idKind) {
        String label() {
            return "GET " + (service.equals("gateway") ? "" : service + " ") + template;
        }
    }

    static final List<String> CATALOG_LIST = List.of("modality", "organization", "architecture", "q", "page", "size", "sort");
    static final List<String> PRICE_LIST = List.of("accelerator", "provider", "pricingModel", "region", "page", "size");

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("gateway", "/api/v1/models", CATALOG_LIST, null),
            new Endpoint("gateway", "/api/v1/accelerators", List.of("organization", "q", "page", "size", "sort"), null),
            new Endpoint("gateway", "/api/v1/organizations", List.of("kind", "country", "q", "page", "size", "sort"), null),
            new Endpoint("gateway", "/api/v1/models/{id}", List.of(), "model"),
            new Endpoint("gateway", "/api/v1/accelerators/{id}", List.of(), "accelerator"),
            new Endpoint("gateway", "/api/v1/organizations/{id}", List.of(), "organization"),
            new Endpoint("gateway", "/api/v1/industry-chain", List.of(), null),
            new Endpoint("gateway", "/api/v1/history", List.of(), null),
            new Endpoint("gateway", "/api/v1/prices", PRICE_LIST, null),
            new Endpoint("gateway", "/api/v1/backtest", List.of(), null),
            new Endpoint("gateway", "/api/v1/scenarios/{id}", List.of(), "scenario"),
            new Endpoint("gateway", "/api/v1/sweeps/{id}", List.of(), "sweep"),
            new Endpoint("gateway", "/api/v1/sweeps/{id}/estimates", List.of("page", "size", "format"), "sweep"),
            new Endpoint("gateway", "/api/v1/estimates/stream", List.of("scenarioId", "sweepId"), null),
            new Endpoint("catalog-service", "/models", CATALOG_LIST, null),
            new Endpoint("catalog-service", "/models/{id}", List.of(), "model"),
            new Endpoint("catalog-service", "/accelerators", List.of("organization", "q", "page", "size", "sort"), null),
            new Endpoint("catalog-service", "/accelerators/{id}", List.of(), "accelerator"),
            new Endpoint("catalog-service", "/organizations", List.of("kind", "country", "q", "page", "size", "sort"), null),
            new Endpoint("catalog-service", "/organizations/{id}", List.of(), "organization"),
            new Endpoint("catalog-service", "/industry-chain", List.of(), null),
            new Endpoint("catalog-service", "/history", List.of(), null),
            new Endpoint("cost-service", "/prices", PRICE_LIST, null),
            new Endpoint("cost-service", "/prices/{id}", List.of(), "price"),
            new Endpoint("cost-service", "/estimates", List.of("sweepId", "page", "size"), null),
            new Endpoint("cost-service", "/estimates/{id}", List.of(), "scenario"),
            new Endpoint("compute-service", "/backtest", List.of(), null),
            new Endpoint("compute-service", "/efficiency-profiles", List.of(), null),
            new Endpoint("compute-service", "/estimates/{id}", List.of(), "scenario"));

    static final String[] ID_TEXT = { "%00", "a%00", "%00%00", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%zz", "%", "%4", "%%", "%2F",
            "..%2F..%2F", "%2e%2e", "%2e%2e%2f", "..", ".", "...", "~", "*", "%E6%97%A5%E6%9C%AC", "-1", "0", "9223372036854775808",
            "-9223372036854775809", "1e5", "0x10", "NaN", "1.5", "%20", "+", "1'%20OR%20'1'='1", "%27", "%22", ";jsessionid=1", "%23", "%3F",
            "%01", "%1F", "%7F", "%5C", "null", "undefined", "true", "%u0000", "%25", "%2500", "a%2Fb", "%0D%0ASet-Cookie:x=1", "%09" };
    static final byte[][] ID_BYTES = { { 0 }, { 'a', 0, 'b' }, { (byte) 0xff }, { (byte) 0xc3, 0x28 }, { (byte) 0xe6, (byte) 0x97, (byte) 0xa5 },
            { '\\' }, { 0x7f }, { '"', '<', '>' }, { '{', '}', '|', '^', '`' } };
    static final String[] VALUE_TEXT = { "abc", "-1", "2147483647", "2147483648", "-2147483649", "9999999999999999999", "1e3", "1.5", "", "%20",
            "%00", "NaN", "Infinity", "0x10", "+1", "01", "9".repeat(2_000), "%zz", "%FF", "%C3%28", "0", "1000", "1001", "200", "201", "true",
            "null", "[]", "%7B%7D", "%2F", "a".repeat(10_000), "%25", "'", "%5C", "-0", "1_0", "٣" };
    static final byte[][] VALUE_BYTES = { { 0 }, { (byte) 0xff }, { (byte) 0xc3, 0x28 }, { '1', 0 }, { (byte) 0xe6, (byte) 0x97, (byte) 0xa5 } };
    static final String[] SORT = { "", "-", "--id", "id,name", "nonexistent", "-nonexistent", "id;drop%20table%20x", "%00", "name%20desc",
            "%C3%BC", "parameters", "-parameters", "s".repeat(5_000), "+id", "id,-id,id" };
    static final String[] OVERFLOW = { "page=2147483647&size=1000", "page=2147483647&size=200", "page=2147483647&size=100",
            "page=21474836&size=100", "page=2147483647&size=1", "page=1073741824&size=2", "page=-2147483648&size=20", "page=92233720368547758&size=100",
            "page=2147483646&size=200", "page=10737419&size=200", "size=2147483647", "size=-2147483648&page=0", "page=99999999&size=999" };

    /** The backend collections that take writes from an administrator only. */
    static final java.util.Set<String> WRITABLE = java.util.Set.of("catalog-service/models", "catalog-service/accelerators",
            "catalog-service/organizations", "cost-service/prices");
    static final String WRITE_WITHOUT_ADMIN = "write-without-admin";
    /**
     * An unsigned token (alg none) that claims the admin group: header {"alg":"none","typ":"JWT"}, payload
     * {"sub":"fuzz","groups":["admin"],"iss":"https://estimator.local/dev","exp":4102444800}.
     */
    static final String FORGED_ADMIN = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJmdXp6IiwiZ3JvdXBzIjpbImFkbWluIl0sImlzcyI6Imh0dHBzOi8vZXN0aW1hdG9yLmxvY2FsL2RldiIsImV4cCI6NDEwMjQ0NDgwMH0.";

    private final FuzzSettings settings;
    private final Map<String, List<String>> knownIds;

    /** @param knownIds ids that exist, by kind (model, accelerator, organization, scenario, sweep, price) */
    ReadCases(FuzzSettings settings, Map<String, List<String>> knownIds) {
        this.settings = settings;
        this.knownIds = knownIds;
    }

    HttpCase generate(int n) {
        Random random = settings.random("reads", n);
        Endpoint e = random.nextInt(5) < 3 ? pick(random, ENDPOINTS.stream().filter(x -> x.service().equals("gateway")).toList())
                : pick(random, ENDPOINTS.stream().filter(x -> !x.service().equals("gateway")).toList());
        HttpCase.Builder c = new HttpCase.Builder("reads#" + n);
        c.service = e.service();
        c.endpoint = e.label();
        c.method = "GET";
        c.header("Accept", e.template().endsWith("/stream") ? "text/event-stream" : "application/json");
        byte[] id = e.idKind() == null ? new byte[0] : HttpCase.utf8(pick(random, knownIds.getOrDefault(e.idKind(), List.of("unknown"))));
        List<byte[]> query = new ArrayList<>();
        for (String p : e.params()) {
            if (random.nextInt(3) == 0) {
                query.add(HttpCase.ascii(p + "=" + validValue(random, p)));
            }
        }
        byte[] prefix = new byte[0];
        byte[] suffix = new byte[0];
        boolean write = WRITABLE.contains(e.service() + e.template().replace("/{id}", "")) && random.nextInt(6) == 0;
        if (write) {
            c.method = e.idKind() == null ? "POST" : pick(random, "PUT", "DELETE", "PATCH");
            String who;
            switch (random.nextInt(3)) {
                case 0 -> who = "no token";
                case 1 -> {
                    // A valid token of the analyst role: authenticated, not an administrator.
                    c.auth = true;
                    who = "analyst token";
                }
                default -> {
                    String value = pick(random, "Bearer garbage", "Bearer " + FORGED_ADMIN, "Basic YWRtaW46YWRtaW4=", "Bearer ");
                    c.header("Authorization", value);
                    who = "authorization(" + HttpCase.printable(HttpCase.ascii(value), 20) + ")";
                }
            }
            if (!c.method.equals("DELETE")) {
                c.header("Content-Type", "application/json");
                c.body = HttpCase.ascii("{\"id\":\"fuzz-write\",\"name\":\"fuzz write\"}");
            }
            c.mutation(WRITE_WITHOUT_ADMIN + "(" + c.method + ", " + who + ")");
        }
        int mutations = write ? 0 : random.nextInt(4) == 0 ? 2 : 1;
        if (!write && random.nextInt(20) == 0) {
            mutations = 0;
            c.mutation("none (valid)");
        }
        for (int i = 0; i < mutations; i++) {
            int op = random.nextInt(10);
            if (op < 3 && e.idKind() != null) {
                if (random.nextInt(4) == 0) {
                    id = pick(random, ID_BYTES);
                    c.mutation("id-raw-bytes(" + HttpCase.printable(id, 20) + ")");
                } else if (random.nextInt(6) == 0) {
                    int length = pick(random, 1_000, 4_000, 10_000, 70_000);
                    id = HttpCase.ascii("i".repeat(length));
                    c.mutation("id-oversized(" + length + ")");
                } else {
                    String text = pick(random, ID_TEXT);
                    id = HttpCase.ascii(random.nextBoolean() ? text : new String(id, java.nio.charset.StandardCharsets.ISO_8859_1) + text);
                    c.mutation("id(" + HttpCase.printable(id, 40) + ")");
                }
            } else if (op < 6 && !e.params().isEmpty()) {
                String p = pick(random, e.params());
                query.removeIf(q -> new String(q, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith(p + "="));
                if ((p.equals("page") || p.equals("size")) && random.nextInt(3) == 0) {
                    query.removeIf(q -> new String(q, java.nio.charset.StandardCharsets.ISO_8859_1).matches("(page|size)=.*"));
                    String overflow = pick(random, OVERFLOW);
                    query.add(HttpCase.ascii(overflow));
                    c.mutation("query-overflow(" + overflow + ")");
                } else if (p.equals("sort") && random.nextBoolean()) {
                    String sort = pick(random, SORT);
                    query.add(HttpCase.ascii("sort=" + sort));
                    c.mutation("query(sort=" + HttpCase.printable(HttpCase.ascii(sort), 30) + ")");
                } else if (random.nextInt(5) == 0) {
                    byte[] value = pick(random, VALUE_BYTES);
                    query.add(JsonMutations.concat(HttpCase.ascii(p + "="), value));
                    c.mutation("query-raw-bytes(" + p + "=" + HttpCase.printable(value, 20) + ")");
                } else {
                    String value = pick(random, VALUE_TEXT);
                    query.add(HttpCase.ascii(p + "=" + value));
                    c.mutation("query(" + p + "=" + HttpCase.printable(HttpCase.ascii(value), 30) + ")");
                }
            } else if (op < 7) {
                String structure = pick(random, "page=1&page=2", "size=1&size=abc", "unknown=1", "page", "&&&", "=", "==1", "page==1",
                        "a=" + "b".repeat(20_000), "x[]=1&x[]=2", "%00=1", "page%00=1", "&page=0&", "#fragment", "?", "page=1;size=2");
                query.add(HttpCase.ascii(structure));
                c.mutation("query-structure(" + HttpCase.printable(HttpCase.ascii(structure), 30) + ")");
            } else if (op < 9) {
                int shape = random.nextInt(11);
                switch (shape) {
                    case 0 -> suffix = HttpCase.ascii(pick(random, "/", "//", "/x", "/x/y", "/.", "/..", "/%2e", "/;x=1", "/%00"));
                    case 1 -> prefix = HttpCase.ascii(pick(random, "/", "//", "/./", "/x/../", "/%2e%2e/", "/..%2f"));
                    case 2 -> prefix = HttpCase.ascii(pick(random, "/api/v1/..", "/api/v1/../..", "/api/v1/%2e%2e/%2e%2e", "/..", "/../../../etc/passwd#"));
                    case 3 -> prefix = HttpCase.ascii(pick(random, "http://evil.example", "*", "", "api/v1", "/API/V1", "https://x:1"));
                    case 4 -> suffix = HttpCase.ascii("/" + "a".repeat(pick(random, 1_000, 4_000, 8_000, 70_000)));
                    case 5 -> suffix = HttpCase.ascii(pick(random, "%00", "%FF", "%zz", "%2F..", "%", ";", ";a=b;c"));
                    case 6 -> suffix = new byte[] { '/', (byte) 0xff, 0 };
                    case 7 -> prefix = HttpCase.ascii("/" + "x/".repeat(pick(random, 10, 500, 3_000)));
                    case 8 -> suffix = HttpCase.ascii("/../".repeat(pick(random, 3, 50)));
                    case 9 -> suffix = HttpCase.ascii(" HTTP/1.1\r\nX-Injected: 1\r\n\r\nGET /");
                    default -> suffix = HttpCase.ascii("%0d%0aX-Injected:%201");
                }
                c.mutation("path-shape(" + HttpCase.printable(prefix, 30) + "…" + HttpCase.printable(suffix, 30) + ")");
            } else {
                int h = random.nextInt(8);
                switch (h) {
                    case 0 -> {
                        c.removeHeader("Accept");
                        String accept = pick(random, "application/xml", "text/csv", "image/png", "*/*;q=abc", "application/json;q=0", "", "a/b/c",
                                "text/event-stream", "application/problem+json", "text/html");
                        c.header("Accept", accept);
                        c.mutation("accept(" + accept + ")");
                    }
                    case 1 -> {
                        c.hostHeader = false;
                        c.mutation("no-host-header");
                    }
                    case 2 -> {
                        c.hostHeader = false;
                        byte[] host = pick(random, HttpCase.ascii("evil.example"), HttpCase.ascii(""), new byte[] { (byte) 0xff }, HttpCase.ascii("a:b:c"),
                                HttpCase.ascii("x".repeat(5_000)));
                        c.header("Host", host);
                        c.mutation("host(" + HttpCase.printable(host, 20) + ")");
                    }
                    case 3 -> {
                        int size = pick(random, 4_000, 9_000, 30_000, 70_000);
                        c.header("X-Fuzz", "v".repeat(size));
                        c.mutation("huge-header(" + size + ")");
                    }
                    case 4 -> {
                        c.header("If-None-Match", pick(random, "*", "\"x\"", "garbage", "\0"));
                        c.header("If-Modified-Since", pick(random, "yesterday", "Mon, 32 Foo 2025 99:99:99 GMT", ""));
                        c.mutation("conditional-headers");
                    }
                    case 5 -> {
                        c.header("Range", pick(random, "bytes=0-1", "bytes=-1", "bytes=999999999-", "items=0-9", "garbage"));
                        c.mutation("range");
                    }
                    case 6 -> {
                        for (int k = 0; k < 200; k++) {
                            c.header("X-Many-" + k, "v");
                        }
                        c.mutation("many-headers(200)");
                    }
                    default -> {
                        c.header("Authorization", pick(random, "Bearer garbage", "Basic Zm9vOmJhcg==", "Bearer " + "x".repeat(10_000)));
                        c.mutation("authorization-on-read");
                    }
                }
            }
        }
        if (c.mutations.isEmpty()) {
            // The endpoint had nothing the picked operators apply to: change the method.
            c.method = pick(random, "HEAD", "OPTIONS", "TRACE", "FOO", "get");
            c.mutation("method(" + c.method + ")");
        }
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        target.writeBytes(prefix);
        String[] parts = e.template().split("\\{id\\}", -1);
        target.writeBytes(HttpCase.ascii(parts[0]));
        if (parts.length > 1) {
            target.writeBytes(id);
            target.writeBytes(HttpCase.ascii(parts[1]));
        }
        target.writeBytes(suffix);
        if (!query.isEmpty()) {
            target.write('?');
            for (int i = 0; i < query.size(); i++) {
                if (i > 0) {
                    target.write('&');
                }
                target.writeBytes(query.get(i));
            }
        }
        c.target = target.toByteArray();
        return c.build();
    }

    private static String validValue(Random random, String param) {
        return switch (param) {
            case "page" -> Integer.toString(random.nextInt(3));
            case "size" -> Integer.toString(1 + random.nextInt(50));
            case "sort" -> pick(random, "id", "-id", "name");
            case "format" -> pick(random, "json", "csv");
            case "modality" -> pick(random, "text", "image");
            case "architecture" -> pick(random, "dense", "moe");
            case "organization" -> pick(random, "openai", "meta", "nvidia");
            case "accelerator" -> "nvidia-h100-sxm";
            case "provider" -> pick(random, "aws", "azure");
            case "pricingModel" -> "on-demand";
            case "region" -> "us";
            case "kind" -> "lab";
            case "country" -> "US";
            default -> pick(random, "gpt", "x");
        };
    }
}
