package dev.estimator.catalog.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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

/** scenarios.submitted -> catalog-service -> scenarios.resolved | scenarios.rejected | DLQ, over a real broker and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class ScenarioResolutionFlowTest {

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

    static String scenario(String id, String accelerator) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "name": "GPT-3 175B",
                 "model": {"parameters": 174.6e9, "architecture": "dense"},
                 "training": {"tokens": 3.0e11},
                 "hardware": {"accelerator": "%s", "count": 10000},
                 "pricing": {"provider": "azure", "model": "on-demand"}}
                """.formatted(id, accelerator);
    }

    @Test
    void resolvesTheAcceleratorIntoConcreteNumbersWithCloudEventHeaders() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-v100-32gb"));

        ConsumerRecord<String, String> record = kafka.awaitRecord("scenarios.resolved", id, WAIT);
        JsonNode resolved = json.readTree(record.value());
        // V100 has no bf16: the default precision falls back to fp16 at 125 TFLOPS (NVIDIA datasheet).
        assertEquals("fp16", resolved.at("/hardware/precision").asText());
        assertEquals(125e12, resolved.at("/hardware/peakFlops").asDouble(), 1);
        assertEquals(174.6e9, resolved.at("/model/activeParameters").asDouble(), 1);
        assertEquals("azure", resolved.at("/pricing/provider").asText(), "blocks the catalog does not read pass through");
        assertEquals("estimator.scenario.resolved", KafkaTestClient.header(record, "ce_type"));
        assertEquals(id, KafkaTestClient.header(record, "ce_subject"));
        assertNotNull(KafkaTestClient.header(record, "ce_id"));
    }

    @Test
    void unknownAcceleratorIsRejectedWithASuggestion() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-h100"));

        JsonNode rejected = json.readTree(kafka.awaitRecord("scenarios.rejected", id, WAIT).value());
        assertEquals("catalog", rejected.get("stage").asText());
        JsonNode error = rejected.get("errors").get(0);
        assertEquals("hardware.accelerator", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("did you mean 'nvidia-h100-sxm'"), error.toString());
    }

    @Test
    void redeliveryEmitsTheSameEventAgainAndStoresNothingNew() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-a100-80gb"));
        String first = kafka.awaitRecord("scenarios.resolved", id, WAIT).value();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-a100-80gb"));

        List<ConsumerRecord<String, String>> all = kafka.awaitRecords("scenarios.resolved", r -> id.equals(r.key()), 2, WAIT);
        assertEquals(first, all.get(1).value(), "a redelivered submission re-sends the stored result unchanged");
    }

    @Test
    void unparseableValueGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String bad = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", bad, "{not json");
        ConsumerRecord<String, String> dead = kafka.awaitRecord("scenarios.submitted.dlq", bad, WAIT);
        assertEquals("{not json", dead.value());
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-reason"));

        String good = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", good, scenario(good, "nvidia-h800"));
        assertNotNull(kafka.awaitRecord("scenarios.resolved", good, WAIT));
    }
}
