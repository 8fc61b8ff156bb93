package dev.estimator.e2e.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.e2e.LocalStackExtension;
import dev.estimator.e2e.trace.OtlpReceiver.ReceivedSpan;
import dev.estimator.stack.Demo;
import dev.estimator.stack.DevTokens;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.testing.KafkaTestClient;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * One trace follows a scenario from its POST through the four services to its estimate (docs/architecture.md,
 * observability), on the real pipeline: the packaged services, a real broker and PostgreSQL, spans exported over OTLP
 * to {@link OtlpReceiver}. The client starts the trace (a W3C {@code traceparent} on the POST), so its id is known
 * before anything runs, and every hop must carry it on: a hop that drops or replaces the context breaks the trace id
 * of the records after it, the parent chain of the spans, or the ids in that service's log.
 */
@ExtendWith(LocalStackExtension.class)
class ScenarioTraceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> TOPICS = List.of("scenarios.submitted", "scenarios.resolved", "scenarios.computed",
            "estimates");

    private final HttpClient http = HttpClient.newHttpClient();

    /** A W3C traceparent: version, trace id, parent span id, flags. */
    record TraceParent(String traceId, String spanId, boolean sampled) {
        static TraceParent parse(String header) {
            assertNotNull(header, "no traceparent");
            String[] parts = header.split("-");
            assertEquals(4, parts.length, header);
            assertEquals("00", parts[0], header);
            return new TraceParent(parts[1], parts[2], (Integer.parseInt(parts[3], 16) & 1) == 1);
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    @Test
    void oneTraceFollowsAScenarioFromItsPostThroughEveryServiceToItsEstimate(LocalStack stack, OtlpReceiver collector)
            throws Exception {
        String traceId = randomHex(16);
        String clientSpanId = randomHex(8);
        String id = submit(stack, "00-" + traceId + "-" + clientSpanId + "-01");
        JsonNode finished = awaitFinished(stack, id);
        assertEquals("COMPLETED", finished.path("status").asText(), finished.toString());

        // Every record of the scenario, on each of the four topics, carries the trace.
        TraceParent[] sentIn = new TraceParent[TOPICS.size()];
        try (KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers())) {
            for (int i = 0; i < TOPICS.size(); i++) {
                ConsumerRecord<String, String> record = kafka.awaitRecord(TOPICS.get(i), id, Duration.ofSeconds(30));
                sentIn[i] = TraceParent.parse(KafkaTestClient.header(record, "traceparent"));
                assertEquals(traceId, sentIn[i].traceId(), TOPICS.get(i) + " record of " + id + " is in another trace");
                assertTrue(sentIn[i].sampled(), TOPICS.get(i) + ": the client's sampling decision is kept");
            }
        }

        // Every service exported its part of the trace, and each part is the child of the one before.
        Predicate<ReceivedSpan> post = s -> s.service().equals("gateway") && s.kind() == SpanKind.SPAN_KIND_SERVER;
        Predicate<ReceivedSpan> relay = s -> s.service().equals("gateway") && s.name().equals("send scenarios.submitted");
        Predicate<ReceivedSpan> catalog = stage("catalog-service", "scenarios.submitted", id);
        Predicate<ReceivedSpan> compute = stage("compute-service", "scenarios.resolved", id);
        Predicate<ReceivedSpan> cost = stage("cost-service", "scenarios.computed", id);
        List<ReceivedSpan> trace = collector.awaitTrace(traceId, Duration.ofSeconds(60), post, relay, catalog, compute, cost);
        String shown = OtlpReceiver.describe(trace);

        ReceivedSpan postSpan = only(trace, post, shown);
        assertEquals(clientSpanId, postSpan.parentSpanId(), "the POST continues the client's trace:\n" + shown);
        ReceivedSpan relaySpan = only(trace, relay, shown);
        assertEquals(postSpan.spanId(), relaySpan.parentSpanId(), "the outbox relay publishes in the POST's trace:\n" + shown);
        assertEquals(id, relaySpan.attribute("estimator.scenario.id"));
        ReceivedSpan catalogSpan = only(trace, catalog, shown);
        assertEquals(relaySpan.spanId(), catalogSpan.parentSpanId(), "catalog-service continues the relay's send:\n" + shown);
        ReceivedSpan computeSpan = only(trace, compute, shown);
        assertEquals(catalogSpan.spanId(), computeSpan.parentSpanId(), "compute-service continues catalog-service:\n" + shown);
        ReceivedSpan costSpan = only(trace, cost, shown);
        assertEquals(computeSpan.spanId(), costSpan.parentSpanId(), "cost-service continues compute-service:\n" + shown);

        // Each record names the span that published it: the next service's parent.
        assertEquals(relaySpan.spanId(), sentIn[0].spanId(), "scenarios.submitted is sent by the relay's span");
        assertEquals(catalogSpan.spanId(), sentIn[1].spanId(), "scenarios.resolved is published by catalog-service's span");
        assertEquals(computeSpan.spanId(), sentIn[2].spanId(), "scenarios.computed is published by compute-service's span");
        assertEquals(costSpan.spanId(), sentIn[3].spanId(), "estimates is published by cost-service's span");

        // The gateway's registry reads the estimate in the same trace: the trace ends where the scenario completes.
        collector.awaitTrace(traceId, Duration.ofSeconds(60),
                s -> s.service().equals("gateway") && s.kind() == SpanKind.SPAN_KIND_CONSUMER && s.parentSpanId().equals(costSpan.spanId()));

        // Each service logged its hop with the trace id and the scenario id.
        for (LocalStack.ServiceSpec spec : LocalStack.SERVICES) {
            awaitLogLine(stack.service(spec).logFile(), traceId, id, spec.name());
        }
    }

    private static Predicate<ReceivedSpan> stage(String service, String topic, String scenarioId) {
        return s -> s.service().equals(service) && s.kind() == SpanKind.SPAN_KIND_CONSUMER && s.name().equals("process " + topic)
                && scenarioId.equals(s.attribute("estimator.scenario.id"));
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, Predicate<ReceivedSpan> match, String shown) {
        List<ReceivedSpan> found = trace.stream().filter(match).toList();
        assertEquals(1, found.size(), "exactly one such span in:\n" + shown);
        return found.get(0);
    }

    private String submit(LocalStack stack, String traceparent) throws IOException, InterruptedException {
        String token = DevTokens.mint(Path.of(System.getProperty("estimator.root", "../..")), "analyst");
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(stack.url(LocalStack.GATEWAY) + "/api/v1/scenarios"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString(Demo.GPT3_SCENARIO)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        return JSON.readTree(accepted.body()).path("id").asText();
    }

    private JsonNode awaitFinished(LocalStack stack, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> current = http.send(
                    HttpRequest.newBuilder(URI.create(stack.url(LocalStack.GATEWAY) + "/api/v1/scenarios/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(current.body());
            if (current.statusCode() == 200 && !"PENDING".equals(body.path("status").asText())) {
                return body;
            }
            if (System.nanoTime() > deadline) {
                fail("Scenario " + id + " still " + body + " after 90 s");
            }
            Thread.sleep(250);
        }
    }

    /** A line of the service's log that names both ids (its console format prints the trace and scenario id). */
    private static void awaitLogLine(Path log, String traceId, String scenarioId, String service) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                if (lines.anyMatch(l -> l.contains("traceId=" + traceId) && l.contains("scenarioId=" + scenarioId))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                fail(service + " never logged a line with traceId=" + traceId + " and scenarioId=" + scenarioId + " (" + log + ")");
            }
            Thread.sleep(200);
        }
    }
}
