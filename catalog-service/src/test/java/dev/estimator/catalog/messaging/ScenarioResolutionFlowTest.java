package dev.estimator.catalog.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.UnparseableEventException;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
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
    void processedSubmissionsAreCommittedSoTheConsumerNeverStalls() {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-a100-40gb"));
        kafka.awaitRecord("scenarios.resolved", id, WAIT);
        // Without the batch ack nothing is committed and, after 60 s, the channel is reported failed.
        kafka.awaitNoLag("catalog-service", "scenarios.submitted", WAIT);
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
    void aSecondSubmissionOfTheSameScenarioIsNotPublishedAgain() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-a100-80gb"));
        kafka.awaitRecord("scenarios.resolved", id, WAIT);
        // An upstream re-send (the gateway's relay after a crash): another record, same scenario.
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-a100-80gb"));
        kafka.awaitNoLag("catalog-service", "scenarios.submitted", WAIT);

        List<ConsumerRecord<String, String>> all = kafka.readAll("scenarios.resolved", r -> id.equals(r.key()), Duration.ofSeconds(2));
        assertEquals(1, all.size(), "a read_committed subscriber sees the scenario resolved once");
    }

    @Test
    void unparseableValueGoesToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String bad = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", bad, "{not json");
        ConsumerRecord<String, String> dead = kafka.awaitRecord("scenarios.submitted.dlq", bad, WAIT);
        assertEquals("{not json", dead.value());
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-reason"));
        // The documented header set (docs/events.md), the same at every stage.
        assertEquals("scenarios.submitted", KafkaTestClient.header(dead, "dead-letter-topic"));
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-partition"));
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-offset"));
        assertEquals("catalog-service", KafkaTestClient.header(dead, "dead-letter-stage"));
        assertEquals(UnparseableEventException.class.getName(), KafkaTestClient.header(dead, "dead-letter-cause"));

        String good = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", good, scenario(good, "nvidia-h800"));
        assertNotNull(kafka.awaitRecord("scenarios.resolved", good, WAIT));
    }
    @Test
    void cloudEventHeadersThatDoNotParseNeitherStopTheConsumerNorTheScenario() throws Exception {
        // SmallRye's CloudEvents reading failed the whole channel on a ce_time it could not parse, before any code of
        // the stage ran; it is off (application.properties), and the stage does not trust the ce_* headers it gets.
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, String> odd = new ProducerRecord<>("scenarios.submitted", null, id, scenario(id, "nvidia-a100-80gb"));
        for (String[] h : new String[][] { { "ce_specversion", "1.0" }, { "ce_id", "x" }, { "ce_type", "estimator.scenario.submitted" },
                { "ce_source", "::" }, { "ce_time", "other" } }) {
            odd.headers().add(h[0], h[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        kafka.companion().produceStrings().fromRecords(odd).awaitCompletion();
        assertNotNull(kafka.awaitRecord("scenarios.resolved", id, WAIT));
        String next = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", next, scenario(next, "nvidia-a100-80gb"));
        assertNotNull(kafka.awaitRecord("scenarios.resolved", next, WAIT));
    }

    @Test
    void aCarriedSectionWithAValueOfTheWrongTypeIsDeadLetteredHereNotInCostService() throws Exception {
        // The catalog does not read pricing, but cost-service cannot read a currency that is an object: caught at the
        // first topic, the record is dead-lettered where it came in, and nothing goes downstream.
        String bad = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", bad, scenario(bad, "nvidia-a100-80gb").replace("\"model\": \"on-demand\"",
                "\"model\": \"on-demand\", \"currency\": {}"));
        ConsumerRecord<String, String> dead = kafka.awaitRecord("scenarios.submitted.dlq", bad, WAIT);
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("/pricing/currency"), KafkaTestClient.header(dead, "dead-letter-reason"));
        // Values of the right type stay the reading stage's business: an unknown pricing model and an unknown field pass,
        // and a section written as null is an absent one.
        String odd = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", odd, scenario(odd, "nvidia-a100-80gb").replace("\"model\": \"on-demand\"",
                "\"model\": \"lease\", \"currency\": \"usd\", \"discount\": 3}, \"serving\": null, \"programme\": {\"experimentMultiplier\": 2"));
        JsonNode resolved = json.readTree(kafka.awaitRecord("scenarios.resolved", odd, WAIT).value());
        assertEquals("lease", resolved.at("/pricing/model").asText());
        assertTrue(kafka.readAll("scenarios.resolved", r -> bad.equals(r.key()), Duration.ofSeconds(1)).isEmpty());
    }

    static String byRef(String id, String model, String training, String hardware) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "name": "by ref",
                 "model": %s, "training": %s, "hardware": %s}
                """.formatted(id, model, training, hardware);
    }

    @Test
    void resolvesAModelReferenceIntoTheCatalogArchitecture() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", id, byRef(id, "{\"ref\": \"llama-3.1-405b\"}", "{\"precision\": \"bf16\"}",
                "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 16384}"));
        JsonNode resolved = json.readTree(kafka.awaitRecord("scenarios.resolved", id, WAIT).value());
        // Llama 3 paper (Dubey et al. 2024) Table 3: 405B, 126 layers, d=16,384, 128 heads, 8 KV heads; 15.6T tokens.
        assertEquals("llama-3.1-405b", resolved.at("/model/ref").asText());
        assertEquals(405e9, resolved.at("/model/parameters").asDouble(), 1);
        assertEquals(126, resolved.at("/model/layers").asInt());
        assertEquals(16384, resolved.at("/model/hiddenSize").asInt());
        assertEquals(8, resolved.at("/model/kvHeads").asInt());
        assertEquals(15.6e12, resolved.at("/training/tokens").asDouble(), 1, "tokens default to the published count");
        // H100 SXM datasheet, dense: 989.4 TFLOPS bf16, 80 GB, 3.35 TB/s, 700 W.
        assertEquals(989.4e12, resolved.at("/hardware/peakFlops").asDouble(), 1e6);
        assertEquals(1978.9e12, resolved.at("/hardware/peakFlopsByPrecision/fp8").asDouble(), 1e6);
        assertEquals(700, resolved.at("/hardware/tdpWatts").asDouble());
        assertEquals(16384, resolved.at("/hardware/count").asInt());
    }

    @Test
    void everyValidationCaseIsRejectedOverKafkaNamingTheField() throws Exception {
        String h100 = "{\"accelerator\": \"nvidia-h100-sxm\"}";
        Map<String, String> cases = new LinkedHashMap<>();
        Map<String, String> expectedField = new LinkedHashMap<>();
        Map<String, String> expectedText = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, String[]> add = (body, expect) -> {
            String id = UUID.randomUUID().toString();
            cases.put(id, body.replace("$ID", id));
            expectedField.put(id, expect[0]);
            expectedText.put(id, expect[1]);
        };
        add.accept(byRef("$ID", "{\"ref\": \"llama-3-70\"}", "{\"tokens\": 1e12}", h100), new String[] {"model.ref", "did you mean 'llama-3-70b'"});
        add.accept(byRef("$ID", "{\"ref\": \"llama-7b\"}", "{\"precision\": \"fp8\"}", "{\"accelerator\": \"nvidia-a100-80gb\"}"),
                new String[] {"training.precision", "no published fp8"});
        add.accept(byRef("$ID", "{\"parameters\": 47e9, \"architecture\": \"moe\"}", "{\"tokens\": 1e12}", h100),
                new String[] {"model.activeParameters", "is required"});
        add.accept(byRef("$ID", "{\"parameters\": 7e9}", "{\"tokens\": 1e12}", "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 2.5}"),
                new String[] {"hardware.count", "whole number"});
        add.accept(byRef("$ID", "{\"components\": [{\"name\": \"vision\", \"parameters\": \"big\"}]}", "{\"tokens\": 1e12}", h100),
                new String[] {"model.components[0].parameters", "must be a number"});
        add.accept(byRef("$ID", "{\"parameters\": 7e9}", "{\"tokens\": \"NaN\"}", h100), new String[] {"training.tokens", "NaN"});
        add.accept(byRef("$ID", "{\"parameters\": 7e9}", "{}", h100), new String[] {"training.tokens", "is required"});
        add.accept(byRef("$ID", "{\"ref\": \"mixtral-8x7b\"}", "{}", h100), new String[] {"training.tokens", "is required"});
        // All at once: they are consumed in the same batch(es) and each gets its own rejection.
        cases.forEach((id, body) -> kafka.send("scenarios.submitted", id, body));
        for (String id : cases.keySet()) {
            JsonNode rejected = json.readTree(kafka.awaitRecord("scenarios.rejected", id, WAIT).value());
            JsonNode error = rejected.get("errors").get(0);
            assertEquals(1, rejected.get("errors").size(), rejected.toString());
            assertEquals(expectedField.get(id), error.get("field").asText(), rejected.toString());
            assertTrue(error.get("message").asText().contains(expectedText.get(id)), rejected.toString());
        }
    }

    static Validator validator(String schemaFile) throws Exception {
        Path file = Path.of(System.getProperty("estimator.root", "../"), "docs", "events", schemaFile);
        return Validator.create(JsonSchema.of(new JsonObject(Files.readString(file))),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://estimator.dev/events/")
                        .setOutputFormat(OutputFormat.Basic));
    }

    @Test
    void emittedEventsMatchThePublishedSchemas() throws Exception {
        Validator resolvedSchema = validator("scenarios.resolved.schema.json");
        Validator rejectedSchema = validator("scenarios.rejected.schema.json");
        String ok = UUID.randomUUID().toString();
        String bad = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", ok, byRef(ok, "{\"ref\": \"clip-vit-l-14\"}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"google-tpu-v5p\", \"deadlineDays\": 30}"));
        kafka.send("scenarios.submitted", bad, scenario(bad, "nvidia-h100"));

        JsonObject resolved = new JsonObject(kafka.awaitRecord("scenarios.resolved", ok, WAIT).value());
        OutputUnit result = resolvedSchema.validate(resolved);
        assertTrue(result.getValid(), () -> String.valueOf(result.getErrors()));
        JsonObject rejected = new JsonObject(kafka.awaitRecord("scenarios.rejected", bad, WAIT).value());
        OutputUnit rejectedResult = rejectedSchema.validate(rejected);
        assertTrue(rejectedResult.getValid(), () -> String.valueOf(rejectedResult.getErrors()));

        // The schemas have teeth: an event without its peak, or a rejection without reasons, is refused.
        JsonObject noPeak = resolved.copy();
        noPeak.getJsonObject("hardware").remove("peakFlops");
        assertFalse(resolvedSchema.validate(noPeak).getValid());
        JsonObject noReasons = rejected.copy();
        noReasons.put("errors", new io.vertx.core.json.JsonArray());
        assertFalse(rejectedSchema.validate(noReasons).getValid());
    }
}
