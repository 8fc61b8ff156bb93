package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.UUID;

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
        // Anonymous, as a browser's EventSource: both from this address, within the per-client limit.
        try (SseSocket byScenario = SseSocket.reading(stream, "?scenarioId=" + wanted, null);
                SseSocket bySweep = SseSocket.reading(stream, "?sweepId=" + sweepId, null);
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            assertEquals(200, byScenario.status, byScenario.body);
            assertTrue(byScenario.headers.get("content-type").startsWith("text/event-stream"), byScenario.headers.toString());
            // The stream starts at the latest offset once its consumer is assigned: repeat until it shows up.
            long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos();
            while (dataLines(byScenario.lines()).isEmpty() || dataLines(bySweep.lines()).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no estimate streamed: " + byScenario.lines() + " / " + bySweep.lines());
                kafka.send("estimates", other, GatewayTesting.estimate(other, null, 1.0, 1.0));
                kafka.send("estimates", wanted, GatewayTesting.estimate(wanted, sweepId, 2.5e6, 3.0));
                GatewayTesting.sleep(300);
            }
            List<String> scenarioLines = byScenario.lines();
            List<String> sweepLines = bySweep.lines();
            JsonNode event = json.readTree(dataLines(scenarioLines).get(0).substring("data:".length()));
            assertEquals(wanted, event.get("scenarioId").asText());
            assertEquals(2.5e6, event.at("/cost/training/cloud").asDouble());
            assertTrue(scenarioLines.contains("event:estimate") || scenarioLines.contains("event: estimate"), scenarioLines.toString());
            assertTrue(scenarioLines.stream().anyMatch(l -> l.replace(" ", "").equals("id:" + wanted)), scenarioLines.toString());
            assertFalse(scenarioLines.stream().anyMatch(l -> l.contains(other)), "filtered by scenarioId");
            assertFalse(sweepLines.stream().anyMatch(l -> l.contains(other)), "filtered by sweepId");
            assertTrue(dataLines(sweepLines).get(0).contains(wanted));
        }
    }

    private static List<String> dataLines(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data:")).toList();
    }
}
