package dev.estimator.cost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** scenarios.computed -> cost-service -> estimates | scenarios.rejected, over a real broker and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class PricingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    static String computed(String id, String accelerator, String pricing) {
        return """
                {"scenarioId": "%s", "hardware": {"accelerator": "%s", "count": 2048},
                 "pricing": %s,
                 "compute": {"trainingFlops": 3.3e24, "gpuHours": 2.788e6}}
                """.formatted(id, accelerator, pricing);
    }

    @Test
    void deepSeekV3AtTwoDollarsPerGpuHourCostsFivePointFiveSevenSixMillion() throws Exception {
        // DeepSeek-V3 technical report, Table 1: 2.788M H800 GPU-hours at $2/GPU-hour = $5.576M.
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, computed(id, "nvidia-h800", "{\"pricePerAcceleratorHour\": 2.0}"));

        var record = kafka.awaitRecord("estimates", id, WAIT);
        JsonNode estimate = json.readTree(record.value());
        assertEquals(5.576e6, estimate.at("/cost/training/cloud").asDouble(), 1e-6);
        assertEquals(2.788e6, estimate.at("/compute/gpuHours").asDouble(), 0, "compute block passes through");
        assertEquals("COMPLETED", estimate.get("status").asText());
        assertEquals("estimator.estimate.completed", KafkaTestClient.header(record, "ce_type"));
    }

    @Test
    void missingPriceIsRejectedNamingWhoPricesTheAccelerator() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, computed(id, "nvidia-v100-32gb", "{\"provider\": \"gcp\"}"));

        JsonNode rejected = json.readTree(kafka.awaitRecord("scenarios.rejected", id, WAIT).value());
        JsonNode error = rejected.get("errors").get(0);
        assertEquals("pricing.provider", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("aws, azure"), error.toString());
    }

    @Test
    void unparseableValueIsDeadLettered() {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, "\u0000garbage");
        assertNotNull(kafka.awaitRecord("scenarios.computed.dlq", id, WAIT));
    }
}
