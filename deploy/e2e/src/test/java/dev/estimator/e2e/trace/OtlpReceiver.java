package dev.estimator.e2e.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * A collector for the tests: receives the spans the services export over OTLP/HTTP (protobuf, {@code POST /v1/traces}),
 * as a real collector would, and keeps them in memory to be asserted on. The services export to it when started with
 * {@link #environment()}.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A received span: who sent it, where it sits in its trace, and what it says. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            io.opentelemetry.proto.trace.v1.Span.SpanKind kind, Map<String, String> attributes) {

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    /** Far more than the end-to-end tests produce; past it spans are counted, not kept, so a long run cannot exhaust the heap. */
    private static final int MAX_SPANS = 500_000;

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the OTLP receiver", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * What a service needs to export every trace here (the variables its application.properties reads): OTLP over
     * HTTP to this receiver, every new trace sampled, and the per-scenario trail lines in its log.
     */
    public Map<String, String> environment() {
        return Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_TRACES_SAMPLER_ARG", "1",
                "SCENARIO_LOG_LEVEL", "DEBUG");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody())
                    : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            requests.incrementAndGet();
            keep(request);
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        List<ReceivedSpan> received = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attributes(resourceSpans.getResource().getAttributesList()).get("service.name");
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                    received.add(new ReceivedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind(), attributes(span.getAttributesList())));
                }
            }
        }
        synchronized (spans) {
            int room = Math.max(0, MAX_SPANS - spans.size());
            spans.addAll(received.subList(0, Math.min(room, received.size())));
            dropped.addAndGet(Math.max(0, received.size() - room));
        }
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            AnyValue v = kv.getValue();
            String text = switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString();
            };
            map.put(kv.getKey(), text);
        }
        return map;
    }

    /** Every span received so far of this trace. */
    public List<ReceivedSpan> trace(String traceId) {
        synchronized (spans) {
            return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
        }
    }

    /**
     * The spans of {@code traceId} once every condition holds for at least one of them (spans are exported in
     * batches, some seconds after they end); fails after {@code timeout} with what had arrived.
     */
    @SafeVarargs
    public final List<ReceivedSpan> awaitTrace(String traceId, Duration timeout, Predicate<ReceivedSpan>... wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedSpan> trace = trace(traceId);
            boolean complete = true;
            for (Predicate<ReceivedSpan> w : wanted) {
                complete &= trace.stream().anyMatch(w);
            }
            if (complete) {
                return trace;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Trace " + traceId + " incomplete after " + timeout + " (" + requests.get()
                        + " export request(s) received, " + dropped.get() + " span(s) dropped); it has:\n" + describe(trace));
            }
            Thread.sleep(200);
        }
    }

    public static String describe(List<ReceivedSpan> trace) {
        StringBuilder text = new StringBuilder();
        for (ReceivedSpan s : trace) {
            text.append("  ").append(s.service()).append(' ').append(s.kind()).append(" '").append(s.name()).append("' span ")
                    .append(s.spanId()).append(" parent ").append(s.parentSpanId()).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
