package dev.estimator.cost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.event.UnparseableEventException;
import dev.estimator.cost.repository.PriceBookEntry;
import dev.estimator.cost.repository.PriceBookRepository;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** scenarios.computed -> cost-service -> estimates | scenarios.rejected | dlq, over a real broker and PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
public class PricingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    PriceBookRepository prices;

    @Inject
    Pool pool;

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

    /** A complete scenarios.computed value as compute-service emits it (docs/events.md). */
    public static String fullComputed(String id, String sweepId, double gpuHours, String currency) {
        return """
                {"scenarioId": "%s", "sweepId": "%s", "name": "LLaMA-65B-sized run on A100 80GB",
                 "computedAt": "2026-11-28T10:00:00Z",
                 "model": {"ref": "llama-65b", "parameters": 6.52e10, "activeParameters": 6.52e10, "architecture": "dense"},
                 "training": {"tokens": 1.4e12, "epochs": 1, "precision": "bf16"},
                 "hardware": {"accelerator": "nvidia-a100-80gb", "name": "NVIDIA A100 80GB", "count": 2048,
                              "precision": "bf16", "peakFlops": 3.12e14, "memoryGb": 80, "bandwidthTbps": 2.039,
                              "tdpWatts": 400, "unitPriceUsd": 15000},
                 "pricing": {"provider": "aws", "model": "on-demand", "currency": "%s", "region": "us-east"},
                 "serving": {"tokensPerDay": 1.0e9, "months": 12},
                 "programme": {"experimentMultiplier": 1.0, "dataCost": 1000000, "staffCost": 5000000},
                 "compute": {"trainingFlops": 5.48e23, "pfDays": 6340, "utilization": 0.5, "utilizationSource": "user",
                             "gpuHours": %s, "gpuHoursRange": {"p10": %s, "p90": %s}, "gpuCount": 2048, "wallClockDays": 20.8,
                             "memory": {"weightsGb": 130, "gradientsGb": 130, "optimizerGb": 782, "activationsGb": 40, "minAccelerators": 14},
                             "energyMwh": 449, "co2Tonnes": 173,
                             "serving": {"flopsPerToken": 1.3e11, "kvCacheBytesPerToken": 2621440,
                                         "tokensPerSecondPerAccelerator": 1200, "accelerators": 10}}}
                """.formatted(id, sweepId, currency, gpuHours, gpuHours * 0.8, gpuHours * 1.3);
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
        assertEquals(id + ":estimator.estimate.completed", KafkaTestClient.header(record, "ce_id"));
        JsonNode range = estimate.at("/cost/range");
        assertTrue(range.get("p10").asDouble() <= range.get("p50").asDouble()
                && range.get("p50").asDouble() <= range.get("p90").asDouble(), range.toString());
        assertEquals(1000, range.get("samples").asInt());
    }

    @Test
    void missingPriceIsRejectedNamingWhoPricesTheAccelerator() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, computed(id, "nvidia-v100-32gb", "{\"provider\": \"lambda\"}"));

        var record = kafka.awaitRecord("scenarios.rejected", id, WAIT);
        JsonNode rejected = json.readTree(record.value());
        assertEquals("cost", rejected.get("stage").asText());
        JsonNode error = rejected.get("errors").get(0);
        assertEquals("pricing.provider", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("aws, azure, gcp"), error.toString());
        assertEquals("estimator.scenario.rejected", KafkaTestClient.header(record, "ce_type"));
        assertMatchesSchema("scenarios.rejected.schema.json", record.value());
    }

    @Test
    void aPriceAddedThroughAnotherReplicaIsFoundBeforeRejecting() throws Throwable {
        // Prime this replica's price book (the test profile keeps it for an hour), then add a price the way another
        // replica would: straight into the database, so nothing here is invalidated.
        String warm = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", warm, computed(warm, "nvidia-h800", "{\"pricePerAcceleratorHour\": 2.0}"));
        kafka.awaitRecord("estimates", warm, WAIT);
        String provider = "elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> prices.persist(new PriceBookEntry(provider,
                "nvidia-h800", "on-demand", "test-region", "USD", 3.0, LocalDate.parse("2025-01-01"), "test"))));
        Thread.sleep(1100); // older than reload-on-miss-after (1 s)

        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, computed(id, "nvidia-h800", "{\"provider\": \"" + provider + "\"}"));
        JsonNode estimate = json.readTree(kafka.awaitRecord("estimates", id, WAIT).value());
        assertEquals(3.0 * 2.788e6, estimate.at("/cost/training/cloud").asDouble(), 1e-3);
    }

    /** Validates an emitted value against the published contract in docs/events/. */
    static void assertMatchesSchema(String schema, String value) throws Exception {
        Path schemaFile = Path.of(System.getProperty("estimator.root", "../"), "docs", "events", schema);
        Validator validator = Validator.create(JsonSchema.of(new JsonObject(Files.readString(schemaFile))),
                new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://estimator.dev/")
                        .setOutputFormat(OutputFormat.Basic));
        OutputUnit result = validator.validate(new JsonObject(value));
        assertTrue(result.getValid(), () -> schema + " errors: " + result.getErrors() + " in " + value);
    }

    @Test
    void unknownCurrencyIsRejectedNamingTheField() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, computed(id, "nvidia-h100-sxm", "{\"currency\": \"EUR\"}"));
        JsonNode rejected = json.readTree(kafka.awaitRecord("scenarios.rejected", id, WAIT).value());
        assertEquals("pricing.currency", rejected.at("/errors/0/field").asText());
    }

    @Test
    void unparseableValueIsDeadLetteredAndTheConsumerKeepsGoing() throws Exception {
        String bad = UUID.randomUUID().toString();
        String good = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", bad, "\u0000garbage");
        kafka.send("scenarios.computed", good, computed(good, "nvidia-h800", "{\"pricePerAcceleratorHour\": 1.0}"));

        ConsumerRecord<String, String> dead = kafka.awaitRecord("scenarios.computed.dlq", bad, WAIT);
        assertEquals("\u0000garbage", dead.value(), "the value is dead-lettered unchanged");
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-reason"));
        // The documented header set (docs/events.md), the same at every stage.
        assertEquals("scenarios.computed", KafkaTestClient.header(dead, "dead-letter-topic"));
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-partition"));
        assertNotNull(KafkaTestClient.header(dead, "dead-letter-offset"));
        assertEquals("cost-service", KafkaTestClient.header(dead, "dead-letter-stage"));
        assertEquals(UnparseableEventException.class.getName(), KafkaTestClient.header(dead, "dead-letter-cause"));
        JsonNode estimate = json.readTree(kafka.awaitRecord("estimates", good, WAIT).value());
        assertEquals(2.788e6, estimate.at("/cost/training/cloud").asDouble(), 1e-6);
    }

    @Test
    void aSecondRecordOfTheSameScenarioIsNotPublishedAgain() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, fullComputed(id, "sweep-redelivery", 1.0e6, "USD"));
        ConsumerRecord<String, String> first = kafka.awaitRecord("estimates", id, WAIT);
        // The same scenario again in another record (an upstream re-send, a DLQ replay), even with other numbers.
        kafka.send("scenarios.computed", id, fullComputed(id, "sweep-redelivery", 9.9e6, "USD"));
        kafka.awaitNoLag("cost-service", "scenarios.computed", WAIT);

        List<ConsumerRecord<String, String>> all = kafka.readAll("estimates", r -> id.equals(r.key()), Duration.ofSeconds(2));
        assertEquals(1, all.size(), "a read_committed subscriber sees the estimate once");
        assertEquals(first.value(), all.get(0).value());
        assertEquals(1.0e6, json.readTree(first.value()).at("/compute/gpuHours").asDouble(), 0);
        // The first outcome stands: the stored estimate is the published one, byte for byte.
        assertEquals(first.value(), RestAssured.get("/estimates/" + id).then().statusCode(200).extract().asString());
    }

    @Test
    void sameScenarioSentTwiceBackToBackIsStoredAndPublishedOnce() throws Throwable {
        String id = UUID.randomUUID().toString();
        // Back to back, so both usually land in the same poll: the first record of the id in the batch stands for it.
        kafka.send("scenarios.computed", id, fullComputed(id, "sweep-duplicate", 1.0e6, "USD"));
        kafka.send("scenarios.computed", id, fullComputed(id, "sweep-duplicate", 1.0e6, "USD"));
        kafka.awaitRecord("estimates", id, WAIT);
        kafka.awaitNoLag("cost-service", "scenarios.computed", WAIT);

        assertEquals(1, kafka.readAll("estimates", r -> id.equals(r.key()), Duration.ofSeconds(2)).size());
        long rows = pool.preparedQuery("SELECT count(*) FROM cost_estimate WHERE scenario_id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(1L, rows);
        assertTrue(kafka.readAll("scenarios.computed.dlq", r -> id.equals(r.key()), Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void emittedEstimateMatchesThePublishedSchemaAndPricesEveryPart() throws Exception {
        String id = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", id, fullComputed(id, "sweep-schema", 1_022_362, "USD"));
        String value = kafka.awaitRecord("estimates", id, WAIT).value();

        assertMatchesSchema("estimates.schema.json", value);

        JsonNode cost = json.readTree(value).get("cost");
        // AWS p4de.24xlarge (8x A100 80 GB) $27.44705/h -> $3.4309 per GPU-hour, seeded price book (2026-11-09 list price).
        assertEquals(1_022_362 * 3.4309, cost.at("/training/cloud").asDouble(), 1e-3);
        assertEquals("aws", cost.at("/price/provider").asText());
        // Cheapest A100 80GB on demand in the seed: AutoDL's reported 5.5 CNY (5.5 / 7.189 = $0.765) < RunPod Community
        // Cloud $1.39 < Lambda and RunPod Secure $1.79.
        assertEquals("autodl", cost.at("/cheapest/provider").asText(), "AutoDL's 5.5 CNY is the cheapest A100 80GB on demand");
        assertEquals(5.5 / 7.189, cost.at("/cheapest/perAcceleratorHour").asDouble(), 1e-9);
        assertTrue(cost.at("/training/ownership").asDouble() > 0);
        // Serving: 10 accelerators x 8760 h x $3.4309; 1e9 tokens/day for 365 days.
        assertEquals(10 * 8760 * 3.4309, cost.at("/serving/total").asDouble(), 1e-3);
        assertEquals(10 * 8760 * 3.4309 / 365e9 * 1e6, cost.at("/serving/per1MTokens").asDouble(), 1e-9);
        double programme = 2 * 1_022_362 * 3.4309 + 1e6 + 5e6 + 10 * 8760 * 3.4309;
        assertEquals(programme, cost.at("/programme/total").asDouble(), 1e-3);
        assertEquals(449 * 0.385, cost.at("/energy/co2Tonnes").asDouble(), 1e-9, "US grid: 0.385 t/MWh");
    }

    @Test
    void yuanEstimateUsesTheStoredDatedRate() throws Exception {
        String usdId = UUID.randomUUID().toString();
        String cnyId = UUID.randomUUID().toString();
        kafka.send("scenarios.computed", usdId, fullComputed(usdId, "sweep-fx", 2.0e6, "USD"));
        kafka.send("scenarios.computed", cnyId, fullComputed(cnyId, "sweep-fx", 2.0e6, "CNY"));
        JsonNode usd = json.readTree(kafka.awaitRecord("estimates", usdId, WAIT).value()).get("cost");
        JsonNode cny = json.readTree(kafka.awaitRecord("estimates", cnyId, WAIT).value()).get("cost");
        assertEquals("CNY", cny.get("currency").asText());
        double rate = cny.at("/exchangeRate/perUsd").asDouble();
        assertEquals(7.189, rate, 0, "IRS 2024 yearly average, seeded");
        assertEquals(usd.at("/training/cloud").asDouble() * rate, cny.at("/training/cloud").asDouble(), 1e-3);
        // staff and data are given in the scenario's currency: not converted.
        double staff = -1;
        for (JsonNode item : cny.get("breakdown")) {
            if ("programme: staff".equals(item.get("item").asText())) {
                staff = item.get("amount").asDouble();
            }
        }
        assertEquals(5e6, staff, 1e-6);
    }
}
