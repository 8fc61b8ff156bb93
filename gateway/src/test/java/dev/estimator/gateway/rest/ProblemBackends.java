package dev.estimator.gateway.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for catalog-, compute- and cost-service with canned 4xx problem answers, so a test can check
 * that the gateway passes them through unchanged. The subject is the gateway's proxy, not the backends:
 * their own problems are tested in their modules; here only the bytes on the wire matter. It records the
 * Authorization header each call came with (the backends check an edit's token themselves).
 */
public class ProblemBackends implements QuarkusTestResourceLifecycleManager {

    static final String UNKNOWN_MODEL = """
            {"type": "https://estimator.dev/problems/not-found", "title": "Not Found", "status": 404,
             "detail": "No model 'no-such-model'", "instance": "/models/no-such-model"}""";
    static final String BAD_FILTER = """
            {"type": "https://estimator.dev/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "1 field(s) are invalid", "errors": [{"field": "modality", "message": "must be one of text, image, audio, video"}]}""";
    static final String BAD_PRICE_FILTER = """
            {"type": "https://estimator.dev/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "1 field(s) are invalid", "errors": [{"field": "pricingModel", "message": "must be on-demand, reserved or spot"}]}""";
    static final String DUPLICATE = """
            {"type": "https://estimator.dev/problems/conflict", "title": "Conflict", "status": 409,
             "detail": "An accelerator 'nvidia-h100-sxm' exists already", "errors": [{"field": "id", "message": "is taken"}]}""";

    static final String UNKNOWN_ENTRY = """
            {"type": "https://estimator.dev/problems/not-found", "title": "Not Found", "status": 404, "detail": "No such entry"}""";

    /** The Authorization header of the last request per "METHOD path" ("" when it had none). */
    static final Map<String, String> AUTHORIZATION = new ConcurrentHashMap<>();
    /** Requests per "METHOD path" whose path contains "flaky": the first of each is answered 503. */
    static final Map<String, AtomicInteger> FLAKY_CALLS = new ConcurrentHashMap<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.catalog.url", url, "quarkus.rest-client.compute.url", url,
                "quarkus.rest-client.cost.url", url);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = String.valueOf(exchange.getRequestURI().getQuery());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AUTHORIZATION.put(method + " " + path, authorization == null ? "" : authorization);
        if (path.contains("flaky") && FLAKY_CALLS.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).getAndIncrement() == 0) {
            send(exchange, 503, "{\"detail\": \"first attempt fails\"}");
            return;
        }
        if (method.equals("GET") && path.equals("/models/no-such-model")) {
            send(exchange, 404, UNKNOWN_MODEL);
        } else if (method.equals("GET") && path.equals("/models") && query.contains("modality=smell")) {
            send(exchange, 400, BAD_FILTER);
        } else if (method.equals("GET") && path.equals("/prices") && query.contains("pricingModel=free")) {
            send(exchange, 400, BAD_PRICE_FILTER);
        } else if (method.equals("POST") && path.equals("/accelerators")) {
            send(exchange, 409, DUPLICATE);
        } else if (method.equals("POST") && path.equals("/prices")) {
            send(exchange, 409, DUPLICATE);
        } else if ((method.equals("PUT") || method.equals("DELETE")) && (path.startsWith("/models/") || path.startsWith("/prices/"))) {
            send(exchange, 404, UNKNOWN_ENTRY);
        } else {
            // Anything else is a test mistake: make it loud (the gateway turns a 5xx into its own 503).
            send(exchange, 500, "{\"detail\": \"unexpected " + method + " " + path + "?" + query + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
