package dev.estimator.compute.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/** scenarios.resolved -> compute-service -> scenarios.computed, over a real broker and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class ComputeFlowTest {

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

    static String resolved(String id) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "resolvedAt": "2026-11-28T10:00:01Z",
                 "model": {"architecture": "dense", "parameters": 174.6e9, "activeParameters": 174.6e9},
                 "training": {"tokens": 3.0e11, "epochs": 1, "precision": "fp16", "utilization": 0.25},
                 "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000, "precision": "fp16", "peakFlops": 125e12,
                              "memoryGb": 32, "tdpWatts": 300},
                 "pricing": {"provider": "azure"}}
                """.formatted(id);
    }

    @Test
    void computesPfDaysAndAcceleratorHoursAndStoresThem() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.resolved", id, resolved(id));

        var record = kafka.awaitRecord("scenarios.computed", id, WAIT);
        JsonNode compute = json.readTree(record.value()).get("compute");
        // GPT-3 Table D.1: 3.64e3 PF-days for 175B parameters x 300B tokens.
        assertEquals(3640, compute.get("pfDays").asDouble(), 3640 * 0.005);
        // 3.1428e23 FLOP / (125e12 FLOP/s x 0.25) / 3600 s = 2.794e6 accelerator-hours: the user's utilization wins.
        assertEquals(3.1428e23 / (125e12 * 0.25) / 3600, compute.get("gpuHours").asDouble(), 1e3);
        assertEquals(2.794e6 / 10000 / 24, compute.get("wallClockDays").asDouble(), 0.1);
        assertEquals("estimator.scenario.computed", KafkaTestClient.header(record, "ce_type"));

        String stored = RestAssured.get("/estimates/" + id).then().statusCode(200).extract().asString();
        assertEquals(record.value(), stored);
    }

    @Test
    void unparseableValueIsDeadLettered() {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.resolved", id, "[]");
        assertNotNull(kafka.awaitRecord("scenarios.resolved.dlq", id, WAIT));
    }
}
