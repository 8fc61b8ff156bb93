package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** GET /api/v1/estimates/stream pushes estimates from Kafka to SSE clients, filtered by scenario or sweep. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class EstimateStreamTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/v1/estimates/stream")
    URL stream;

    @Inject
    ObjectMapper json;

    @Test
    void subscribersReceiveOnlyTheEstimatesTheyFilterFor() throws Exception {
        String sweepId = "sweep-" + UUID.randomUUID();
        String wanted = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        List<String> byScenario = new CopyOnWriteArrayList<>();
        List<String> bySweep = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<?> first = subscribe(http, "?scenarioId=" + wanted, byScenario);
        CompletableFuture<?> second = subscribe(http, "?sweepId=" + sweepId, bySweep);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // The stream starts at the latest offset once its consumer is assigned: repeat until it shows up.
            long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos();
            while (dataLines(byScenario).isEmpty() || dataLines(bySweep).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no estimate streamed: " + byScenario + " / " + bySweep);
                kafka.send("estimates", other, estimate(other, null, 1.0, 1.0));
                kafka.send("estimates", wanted, estimate(wanted, sweepId, 2.5e6, 3.0));
                GatewayTesting.sleep(300);
            }
        } finally {
            first.cancel(true);
            second.cancel(true);
        }
        JsonNode event = json.readTree(dataLines(byScenario).get(0).substring("data:".length()));
        assertEquals(wanted, event.get("scenarioId").asText());
        assertEquals(2.5e6, event.at("/cost/training/cloud").asDouble());
        assertTrue(byScenario.contains("event:estimate") || byScenario.contains("event: estimate"), byScenario.toString());
        assertTrue(byScenario.stream().anyMatch(l -> l.replace(" ", "").equals("id:" + wanted)), byScenario.toString());
        assertFalse(byScenario.stream().anyMatch(l -> l.contains(other)), "filtered by scenarioId");
        assertFalse(bySweep.stream().anyMatch(l -> l.contains(other)), "filtered by sweepId");
        assertTrue(dataLines(bySweep).get(0).contains(wanted));
    }

    private CompletableFuture<?> subscribe(HttpClient http, String query, List<String> lines) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream.toString() + query)).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        return response.thenAcceptAsync(r -> {
            assertEquals(200, r.statusCode());
            r.body().forEach(lines::add);
        });
    }

    private static List<String> dataLines(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data:")).toList();
    }
}
