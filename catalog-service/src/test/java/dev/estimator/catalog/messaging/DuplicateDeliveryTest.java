package dev.estimator.catalog.messaging;

import static dev.estimator.catalog.messaging.ScenarioResolutionFlowTest.byRef;
import static dev.estimator.catalog.messaging.ScenarioResolutionFlowTest.scenario;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelRepository;
import dev.estimator.catalog.rest.TestTokens;
import dev.estimator.catalog.service.ScenarioResolutionService;
import dev.estimator.catalog.service.ScenarioResolutionService.Delivery;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * The same new scenario delivered more than once, in one batch or in batches processed at the same time
 * (two replicas, or a rebalance), and catalog edits seen by the next scenario.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class DuplicateDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioResolutionService resolution;

    @Inject
    ModelRepository models;

    @Inject
    OutcomeStore outcomes;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void sameScenarioSentTwiceBackToBackOverKafkaIsStoredAndPublishedOnce() throws Throwable {
        String id = UUID.randomUUID().toString();
        // Sent back to back, so both usually land in the same poll (the concurrent test below forces it).
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-h800"));
        kafka.send("scenarios.submitted", id, scenario(id, "nvidia-h800"));

        kafka.awaitRecord("scenarios.resolved", id, WAIT);
        kafka.awaitNoLag("catalog-service", "scenarios.submitted", WAIT);
        assertEquals(1, kafka.readAll("scenarios.resolved", r -> id.equals(r.key()), Duration.ofSeconds(2)).size());
        assertStored(id, "RESOLVED");
        assertTrue(kafka.readAll("scenarios.submitted.dlq", r -> id.equals(r.key()), Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void concurrentBatchesWithTheSameNewScenarioStoreOneOutcomeAndOnlyItsRecordPublishesIt() throws Throwable {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String id = UUID.randomUUID().toString();
                String otherA = UUID.randomUUID().toString();
                String otherB = UUID.randomUUID().toString();
                // Batch A holds the scenario twice (one poll with a duplicate), batch B once, as another replica would.
                List<Delivery> a = List.of(delivery(scenario(id, "nvidia-a100-80gb"), 10), delivery(scenario(id, "nvidia-a100-80gb"), 11),
                        delivery(scenario(otherA, "nvidia-h800"), 12));
                List<Delivery> b = List.of(delivery(scenario(otherB, "nvidia-h800"), 20), delivery(scenario(id, "nvidia-a100-80gb"), 21));
                CyclicBarrier start = new CyclicBarrier(2);
                // Each call runs on its own duplicated Vert.x context, like two consumers' batches.
                CompletableFuture<Map<String, OutcomeStore.Stored>> first = CompletableFuture.supplyAsync(() -> process(start, a), threads);
                CompletableFuture<Map<String, OutcomeStore.Stored>> second = CompletableFuture.supplyAsync(() -> process(start, b), threads);
                Map<String, OutcomeStore.Stored> outA = first.get(60, TimeUnit.SECONDS);
                Map<String, OutcomeStore.Stored> outB = second.get(60, TimeUnit.SECONDS);

                assertEquals(2, outA.size(), "one outcome per distinct scenario");
                assertEquals(2, outB.size());
                OutcomeStore.Stored inA = outA.get(id);
                OutcomeStore.Stored inB = outB.get(id);
                assertEquals(inA.outcome(), inB.outcome(), "one outcome for the scenario, whoever stored it");
                assertTrue(inA.publish() ^ inB.publish(), "exactly one delivery publishes it");
                assertEquals("RESOLVED", inA.outcome().kind());
                assertTrue(outA.get(otherA).publish());
                assertTrue(outB.get(otherB).publish());
                assertStored(id, "RESOLVED");
                assertEquals(inA.outcome(), VertxContextSupport.subscribeAndAwait(() -> outcomes.find(id)).orElseThrow(),
                        "the stored row is the outcome both batches answered");

                // The winning record delivered again (its transaction never committed) publishes the same outcome again;
                // any other record for the scenario does not.
                OutcomeStore.Stored winner = inA.publish() ? inA : inB;
                long winningOffset = winner.outcome().sourceOffset();
                OutcomeStore.Stored again = process(null, List.of(delivery(scenario(id, "nvidia-a100-80gb"), winningOffset))).get(id);
                assertTrue(again.publish());
                assertEquals(winner.outcome(), again.outcome());
                assertFalse(process(null, List.of(delivery(scenario(id, "nvidia-a100-80gb"), 99))).get(id).publish());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void modelAddedEditedAndDeletedThroughTheAdminApiIsUsedByTheNextScenario() throws Exception {
        // The test profile keeps the in-memory catalog for an hour: only this replica's edits can refresh it.
        String model = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String h100 = "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 1024}";
        String ref = "{\"ref\": \"" + model + "\"}";
        String tokens = "{\"tokens\": 1e12}";

        String before = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", before, byRef(before, ref, tokens, h100));
        JsonNode unknown = json.readTree(kafka.awaitRecord("scenarios.rejected", before, WAIT).value());
        assertEquals("model.ref", unknown.at("/errors/0/field").asText());

        Map<String, Object> body = new HashMap<>(Map.of("id", model, "name", "Test model", "modalitiesIn", List.of("text"),
                "modalitiesOut", List.of("text"), "architecture", "dense", "parameters", 7e9, "layers", 32, "source", "test"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).post("/models").then().statusCode(201);
        String added = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", added, byRef(added, ref, tokens, h100));
        assertEquals(7e9, json.readTree(kafka.awaitRecord("scenarios.resolved", added, WAIT).value()).at("/model/parameters").asDouble());

        body.put("parameters", 8e9);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).put("/models/" + model).then()
                .statusCode(200);
        String edited = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", edited, byRef(edited, ref, tokens, h100));
        assertEquals(8e9, json.readTree(kafka.awaitRecord("scenarios.resolved", edited, WAIT).value()).at("/model/parameters").asDouble());

        given().auth().oauth2(TestTokens.admin()).delete("/models/" + model).then().statusCode(204);
        String deleted = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", deleted, byRef(deleted, ref, tokens, h100));
        assertEquals("model.ref", json.readTree(kafka.awaitRecord("scenarios.rejected", deleted, WAIT).value())
                .at("/errors/0/field").asText());
    }

    @Test
    void modelAddedThroughAnotherReplicaIsFoundInsteadOfRejected() throws Throwable {
        // Another replica's admin edit reaches this replica only through the database: no invalidation here, and
        // the test profile keeps snapshots for an hour. The first scenario naming the new model must re-read it.
        String known = UUID.randomUUID().toString();
        String h100 = "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 1024}";
        kafka.send("scenarios.submitted", known, byRef(known, "{\"ref\": \"llama-65b\"}", "{\"tokens\": 1e12}", h100));
        kafka.awaitRecord("scenarios.resolved", known, WAIT);

        String model = "other-" + UUID.randomUUID().toString().substring(0, 8);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Model m = new Model();
            m.id = model;
            m.name = "Added elsewhere";
            m.modalitiesIn = List.of("text");
            m.modalitiesOut = List.of("text");
            m.architecture = "dense";
            m.parameters = 3e9;
            m.layers = 24;
            m.source = "test";
            m.refreshModalityIndex();
            return models.persist(m);
        }));
        Thread.sleep(1100); // the snapshot must be older than reload-on-miss-after (1 s)
        String added = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", added, byRef(added, "{\"ref\": \"" + model + "\"}", "{\"tokens\": 1e12}", h100));
        assertEquals(3e9, json.readTree(kafka.awaitRecord("scenarios.resolved", added, WAIT).value()).at("/model/parameters").asDouble());
    }

    @Test
    void acceleratorAddedThroughTheAdminApiIsUsedByTheNextScenario() throws Exception {
        String accelerator = "test-acc-" + UUID.randomUUID().toString().substring(0, 6);
        String before = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", before, scenario(before, accelerator));
        assertEquals("hardware.accelerator", json.readTree(kafka.awaitRecord("scenarios.rejected", before, WAIT).value())
                .at("/errors/0/field").asText());

        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", accelerator, "vendor", "Test", "name", "T1", "year", 2024, "bf16Tflops", 100.0, "memoryGb", 64.0,
                        "source", "test"))
                .post("/accelerators").then().statusCode(201);
        String after = UUID.randomUUID().toString();
        kafka.send("scenarios.submitted", after, scenario(after, accelerator));
        assertEquals(100e12, json.readTree(kafka.awaitRecord("scenarios.resolved", after, WAIT).value())
                .at("/hardware/peakFlops").asDouble(), 1);
    }

    private Map<String, OutcomeStore.Stored> process(CyclicBarrier start, List<Delivery> batch) {
        try {
            if (start != null) {
                start.await(30, TimeUnit.SECONDS);
            }
            // What the consumer does before its Kafka transaction: resolve and store.
            List<OutcomeStore.Stored> stored = VertxContextSupport.subscribeAndAwait(() -> resolution.resolveBatch(batch));
            Map<String, OutcomeStore.Stored> byId = new HashMap<>();
            stored.forEach(s -> byId.put(s.outcome().scenarioId(), s));
            return byId;
        } catch (Throwable e) {
            throw new AssertionError("a batch failed: " + e, e);
        }
    }

    private Delivery delivery(String value, long offset) throws Exception {
        return new Delivery(json.readValue(value, ScenarioSubmitted.class), 0, offset);
    }

    /** One row per scenario id is the table's key; this checks that the row exists and what it says. */
    private void assertStored(String id, String kind) throws Throwable {
        OutcomeStore.Outcome stored = VertxContextSupport.subscribeAndAwait(() -> outcomes.find(id)).orElseThrow();
        assertEquals(kind, stored.kind());
        assertEquals(id, json.readTree(stored.event()).get("scenarioId").asText());
    }
}
