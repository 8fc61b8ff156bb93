package dev.estimator.chassis.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The first handler of every request in every service, and the last word on a request the router itself refuses, so
 * that even a request no resource is reached with is answered with a problem+json naming what is wrong. The backends'
 * ports are internal, but they are doors too: a caller inside the cluster gets the same answers as one at the gateway.
 * <ul>
 * <li>The request target must be a URI (RFC 3986) whose path and query, once percent-decoded, are UTF-8 without control
 * characters (NUL and the like): else a 400 naming {@code path}, or the query parameter at fault. Quarkus' own check
 * of the URI syntax answers an empty 400; {@link UriCheckHandover} turns it off, so this one, which applies the same
 * {@link URI} parser first, answers instead. Beyond this, resources never see a NUL or an invalid escape: the database
 * refuses NUL in text, and the backends would be called with it.</li>
 * <li>A failure of the router (no or a malformed Host header, a target that is not a path, a chunked body beyond the
 * size limit) is a problem+json of its status instead of Quarkus' JSON error page. Server faults (5xx) are left to
 * Quarkus, which logs them.</li>
 * </ul>
 * What the HTTP parser refuses before any handler (a request line beyond {@code quarkus.http.limits.max-initial-line-length},
 * headers beyond {@code max-header-size}, raw bytes that are not HTTP) is still answered by Vert.x: 414, 431 or 400
 * with an empty body, and the connection closed.
 */
@ApplicationScoped
public class RequestLineGuard {

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(this::failed);
    }

    void check(RoutingContext rc) {
        Problem.FieldError fault = fault(rc.request().uri());
        if (fault == null) {
            rc.next();
            return;
        }
        answer(rc, Problem.of(400, "validation", "Invalid request", "The request's URI is malformed: " + fault.field() + " "
                + fault.message() + ".", List.of(fault)));
    }

    void failed(RoutingContext rc) {
        int status = rc.statusCode();
        Throwable failure = rc.failure();
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        } else if (failure != null) {
            // Vert.x refuses an HTTP/1.1 request without a Host header by throwing, not with a status.
            String message = String.valueOf(failure.getMessage());
            status = failure instanceof VertxException && message.contains("'Host' header") ? 400 : -1;
        }
        if (rc.response().ended() || rc.response().headWritten() || status < 400 || status > 499) {
            rc.next();
            return;
        }
        answer(rc, switch (status) {
            case 400 -> Problem.of(400, "bad-request", "Bad Request", "The request is malformed: HTTP/1.1 needs exactly one "
                    + "Host header naming this server, and a request line of method, path and version.", List.of());
            case 404 -> Problem.of(404, "not-found", "Not found", "No resource at this path; this service's API is described at "
                    + "/q/openapi.", List.of());
            case 413 -> Problem.field(413, "too-large", "Payload Too Large", "body", "is larger than this service accepts");
            default -> Problem.of(status, "http-" + status, "Client error", "The request was refused (HTTP " + status + ").",
                    List.of());
        });
    }

    private void answer(RoutingContext rc, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The rest of a malformed request is not worth reading: close, as Vert.x does for what its parser refuses.
        rc.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }

    /** What is wrong with a request target, or null if nothing is. */
    static Problem.FieldError fault(String target) {
        if (target == null || target.isEmpty()) {
            return new Problem.FieldError("path", "is missing");
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            // The reason only: the input itself is the client's, and may be anything.
            int query = target.indexOf('?');
            boolean inQuery = query >= 0 && e.getIndex() > query;
            return new Problem.FieldError(inQuery ? parameterAt(target, query, e.getIndex()) : "path", "is not a valid URI ("
                    + e.getReason().toLowerCase()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
                    + "); a % must be followed by two hex digits, and spaces, quotes, <, >, \\ and non-ASCII characters "
                    + "must be percent-encoded");
        }
        String rawPath = uri.getRawPath();
        if (rawPath != null) {
            String problem = decodingProblem(rawPath, false);
            if (problem != null) {
                return new Problem.FieldError("path", problem);
            }
        }
        String rawQuery = uri.getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&", -1)) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String nameProblem = decodingProblem(rawName, true);
                if (nameProblem != null) {
                    return new Problem.FieldError("query", "has a parameter name that " + nameProblem);
                }
                if (eq >= 0) {
                    String valueProblem = decodingProblem(pair.substring(eq + 1), true);
                    if (valueProblem != null) {
                        String name = decode(rawName, true);
                        return new Problem.FieldError(name.isEmpty() ? "query" : name, valueProblem);
                    }
                }
            }
        }
        return null;
    }

    /** The name of the query parameter whose value holds character {@code index}, else "query". */
    static String parameterAt(String target, int query, int index) {
        int start = target.lastIndexOf('&', index - 1);
        start = Math.max(start, query) + 1;
        int eq = target.indexOf('=', start);
        if (eq < 0 || eq >= index) {
            return "query";
        }
        String name = decode(target.substring(start, eq), true);
        return name.isEmpty() || decodingProblem(target.substring(start, eq), true) != null ? "query" : name;
    }

    /** Why {@code raw} does not percent-decode to UTF-8 text without control characters, or null if it does. */
    static String decodingProblem(String raw, boolean plusIsSpace) {
        String text;
        try {
            text = decodeStrictly(raw, plusIsSpace);
        } catch (CharacterCodingException e) {
            return "is not UTF-8 once percent-decoded";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                return "contains a control character (such as NUL, %00), which no path or parameter of this API takes";
            }
        }
        return null;
    }

    private static String decode(String raw, boolean plusIsSpace) {
        try {
            return decodeStrictly(raw, plusIsSpace);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return "";
        }
    }

    private static String decodeStrictly(String raw, boolean plusIsSpace) throws CharacterCodingException {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("ends in an incomplete percent-escape (a % needs two hex digits)");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("has an invalid percent-escape (a % needs two hex digits)");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c > 0x7E || c < 0x21) {
                throw new IllegalArgumentException("has a character that must be percent-encoded (UTF-8)");
            } else {
                bytes.put((byte) (plusIsSpace && c == '+' ? ' ' : c));
            }
        }
        bytes.flip();
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    }
}
