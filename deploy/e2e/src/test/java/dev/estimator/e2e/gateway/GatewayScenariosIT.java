package dev.estimator.e2e.gateway;

import static dev.estimator.e2e.gateway.GatewayClient.json;
import static dev.estimator.e2e.gateway.GatewayClient.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.LocalStackExtension;
import dev.estimator.stack.testing.Csv;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.testing.KafkaTestClient;

/**
 * The public API through the real stack (packaged gateway, catalog, compute and cost services, Kafka,
 * PostgreSQL): idempotent submissions, Prefer: wait, a 100-scenario sweep with progress, Pareto front
 * and CSV export, and the SSE stream.
 */
@ExtendWith(LocalStackExtension.class)
class GatewayScenariosIT {

    /** GPT-3 175B as in the GPT-3 paper (Table D.1), with an explicit $2/GPU-hour so no price book row is needed. */
    static final String GPT3 = """
            {"name": "GPT-3 175B", "model": {"parameters": 174.6e9, "architecture": "dense"},
             "training": {"tokens": 3.0e11, "precision": "fp16"},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000},
             "pricing": {"provider": "azure", "model": "on-demand", "currency": "USD", "pricePerAcceleratorHour": 2.0}}""";

    @Test
    void theSameIdempotencyKeyTwiceCreatesOneScenario(LocalStack stack) throws Exception {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        String analyst = token("analyst");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = gateway.post("/api/v1/scenarios", analyst, GPT3, Map.of("Idempotency-Key", key));
        HttpResponse<String> second = gateway.post("/api/v1/scenarios", analyst, GPT3, Map.of("Idempotency-Key", key));
        assertTrue(first.statusCode() == 202 || first.statusCode() == 200, first.body());
        String id = json(first).get("id").asText();
        assertEquals(id, json(second).get("id").asText(), "same key, same body: same scenario");
        HttpResponse<String> conflict = gateway.post("/api/v1/scenarios", analyst, GPT3.replace("10000", "4096"),
                Map.of("Idempotency-Key", key));
        assertEquals(422, conflict.statusCode(), conflict.body());
        assertTrue(conflict.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        // Downstream sees a single scenario id: every record keyed by it carries the same ce_id.
        try (KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers())) {
            var records = kafka.readAll("scenarios.submitted", r -> id.equals(r.key()), Duration.ofSeconds(3));
            assertFalse(records.isEmpty());
            records.forEach(r -> assertEquals(id + ":estimator.scenario.submitted", KafkaTestClient.header(r, "ce_id")));
        }
    }

    @Test
    void preferWaitReturnsTheFinishedEstimate(LocalStack stack) {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        long start = System.nanoTime();
        HttpResponse<String> response = gateway.post("/api/v1/scenarios", token("analyst"), GPT3, Map.of("Prefer", "wait=60"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals("COMPLETED", body.get("status").asText(), body.toString());
        // GPT-3 paper Table D.1: 3.64e3 PF-days for 175B on 300B tokens.
        assertEquals(3640, body.at("/estimate/compute/pfDays").asDouble(), 3640 * 0.01);
        assertTrue(ms < 60_000, "answered when done: " + ms + " ms");
    }

    @Test
    void aHundredScenarioSweepCompletesWithProgressParetoFrontAndCsv(LocalStack stack) {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        String sweep = "{\"base\": " + GPT3 + ", \"vary\": {"
                + "\"hardware.accelerator\": [\"nvidia-v100-32gb\", \"nvidia-a100-80gb\", \"nvidia-h100-sxm\", \"nvidia-h800\"], "
                + "\"hardware.count\": [512, 1024, 2048, 4096, 8192], "
                + "\"pricing.pricePerAcceleratorHour\": [1.0, 1.5, 2.0, 3.0, 4.5]}}";
        HttpResponse<String> created = gateway.post("/api/v1/sweeps", token("analyst"), sweep, Map.of());
        assertEquals(202, created.statusCode(), created.body());
        assertEquals(100, json(created).get("scenarioCount").asInt());
        String id = json(created).get("id").asText();

        JsonNode progress = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            progress = json(gateway.get("/api/v1/sweeps/" + id));
            if (progress.get("done").asBoolean()) {
                break;
            }
            GatewayClient.sleep(250);
        }
        assertTrue(progress.get("done").asBoolean(), "sweep finished: " + progress);
        assertEquals(100, progress.get("total").asInt());
        assertEquals(100, progress.get("completed").asInt() + progress.get("rejected").asInt());
        assertEquals(0, progress.get("pending").asInt());
        assertTrue(progress.get("completed").asInt() >= 25, "the four reference accelerators are in the catalog: " + progress);

        // The front, checked against every member's exported estimate (an independent reading of the same data).
        HttpResponse<String> page = gateway.get("/api/v1/sweeps/" + id + "/estimates?size=100");
        assertEquals(200, page.statusCode());
        List<double[]> points = new ArrayList<>();
        for (JsonNode item : json(page).get("items")) {
            if ("COMPLETED".equals(item.get("status").asText())) {
                points.add(new double[] { item.at("/estimate/cost/training/cloud").asDouble(),
                        item.at("/estimate/compute/wallClockDays").asDouble() });
            }
        }
        JsonNode front = progress.at("/summary/paretoFront");
        // Not necessarily two points: under the fitted utilization model (compute-service README) a wider cluster can run
        // at a higher utilization, so the widest H100 cluster at the lowest price may be both the cheapest and the fastest.
        assertTrue(front.size() >= 1, "a sweep with completed members has a front: " + front);
        double previousDays = -1;
        double previousCost = Double.MAX_VALUE;
        for (JsonNode p : front) {
            double cost = p.get("cost").asDouble();
            double days = p.get("wallClockDays").asDouble();
            assertTrue(days > previousDays && cost < previousCost, "fastest first, cost falling: " + front);
            previousDays = days;
            previousCost = cost;
            for (double[] q : points) {
                boolean dominates = q[0] <= cost && q[1] <= days && (q[0] < cost || q[1] < days);
                assertFalse(dominates, "front point (" + cost + ", " + days + ") is dominated by (" + q[0] + ", " + q[1] + ")");
            }
        }
        double cheapest = points.stream().mapToDouble(q -> q[0]).min().orElseThrow();
        double fastest = points.stream().mapToDouble(q -> q[1]).min().orElseThrow();
        assertEquals(cheapest, progress.at("/summary/cheapest/cost").asDouble(), cheapest * 1e-9);
        assertEquals(fastest, progress.at("/summary/fastest/wallClockDays").asDouble(), fastest * 1e-9);

        // CSV: a header and 100 rows of the same width, with the varied columns.
        HttpResponse<String> csv = gateway.send("GET", "/api/v1/sweeps/" + id + "/estimates?size=100", null, null,
                Map.of("Accept", "text/csv"));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<List<String>> rows = Csv.parse(csv.body());
        assertEquals(101, rows.size());
        List<String> header = rows.get(0);
        assertTrue(header.containsAll(List.of("scenarioId", "status", "hardware.accelerator", "hardware.count",
                "pricing.pricePerAcceleratorHour", "trainingCloudCost", "wallClockDays")), header.toString());
        rows.forEach(row -> assertEquals(header.size(), row.size(), row.toString()));
    }

    @Test
    void theEventStreamDeliversTheEstimate(LocalStack stack) throws Exception {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.base() + "/api/v1/estimates/stream")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAcceptAsync(r -> r.body().forEach(lines::add));
        try {
            // The stream starts from the latest offset: submit until one of ours shows up (normally the first).
            List<String> ids = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                if (ids.size() < 5) {
                    ids.add(json(gateway.post("/api/v1/scenarios", token("analyst"), GPT3, Map.of())).get("id").asText());
                }
                if (lines.stream().anyMatch(l -> l.startsWith("data:") && ids.stream().anyMatch(l::contains))) {
                    break;
                }
                GatewayClient.sleep(1000);
            }
            String data = lines.stream().filter(l -> l.startsWith("data:") && ids.stream().anyMatch(l::contains)).findFirst()
                    .orElseThrow(() -> new AssertionError("no estimate of " + ids + " on the stream: " + lines));
            JsonNode estimate = GatewayClient.JSON.readTree(data.substring(5));
            assertEquals("COMPLETED", estimate.get("status").asText());
            assertNotEquals(0.0, estimate.at("/compute/pfDays").asDouble());
        } finally {
            reading.cancel(true);
            response.cancel(true);
        }
    }
}
