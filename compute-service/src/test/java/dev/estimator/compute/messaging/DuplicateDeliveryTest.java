package dev.estimator.compute.messaging;

import static dev.estimator.compute.ResolvedScenarios.gpt3;
import static dev.estimator.compute.ResolvedScenarios.llama65b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The same new scenario in more than one record: in one batch, or in batches processed at the same time (two
 * replicas, a rebalance), or its own record delivered again because its transaction never committed. Exactly one
 * record publishes the stored outcome; only that record, seen again, publishes it again.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class DuplicateDeliveryTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TOPIC = "scenarios.resolved";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ScenarioResolvedConsumer consumer;

    @Inject
    OutcomeStore store;

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

    @Test
    void sameScenarioSentTwiceBackToBackOverKafkaIsStoredAndPublishedOnce() throws Throwable {
        String id = UUID.randomUUID().toString();
        // Sent back to back, so both usually land in the same poll (the concurrent test below forces it).
        kafka.send(TOPIC, id, gpt3(id, 0.3));
        kafka.send(TOPIC, id, gpt3(id, 0.3));

        kafka.awaitRecord("scenarios.computed", id, WAIT);
        kafka.awaitNoLag("compute-service", TOPIC, WAIT);
        List<ConsumerRecord<String, String>> out = kafka.readAll("scenarios.computed", r -> id.equals(r.key()), Duration.ofSeconds(2));
        assertEquals(1, out.size(), "a read_committed subscriber sees the scenario computed once");
        assertEquals(1L, storedRows(id));
        assertEquals(out.get(0).value(), RestAssured.get("/estimates/" + id).then().statusCode(200).extract().asString());
        assertTrue(kafka.readAll("scenarios.resolved.dlq", r -> id.equals(r.key()), Duration.ofSeconds(1)).isEmpty());
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
                List<ConsumerRecord<String, String>> a = List.of(record(10, id, llama65b(id, 2048)), record(11, id, llama65b(id, 2048)),
                        record(12, otherA, gpt3(otherA, 0.3)));
                List<ConsumerRecord<String, String>> b = List.of(record(20, otherB, gpt3(otherB, 0.3)), record(21, id, llama65b(id, 2048)));
                CyclicBarrier start = new CyclicBarrier(2);
                // Each call runs on its own duplicated Vert.x context, like two consumers' batches.
                CompletableFuture<List<ProducerRecord<String, String>>> first = CompletableFuture.supplyAsync(() -> handle(start, a), threads);
                CompletableFuture<List<ProducerRecord<String, String>>> second = CompletableFuture.supplyAsync(() -> handle(start, b), threads);
                List<ProducerRecord<String, String>> outA = first.get(60, TimeUnit.SECONDS);
                List<ProducerRecord<String, String>> outB = second.get(60, TimeUnit.SECONDS);

                List<ProducerRecord<String, String>> forId = new ArrayList<>(keyed(outA, id));
                forId.addAll(keyed(outB, id));
                assertEquals(1, forId.size(), "exactly one record publishes the scenario, whoever stored it");
                ProducerRecord<String, String> published = forId.get(0);
                assertEquals("scenarios.computed", published.topic());
                assertEquals(id + ":estimator.scenario.computed", header(published, "ce_id"));
                assertEquals(1, keyed(outA, otherA).size());
                assertEquals(1, keyed(outB, otherB).size());
                assertEquals(1L, storedRows(id));
                assertEquals(1L, storedRows(otherA));
                assertEquals(1L, storedRows(otherB));

                // The row remembers the record that stored it, and its event is the one published.
                OutcomeStore.Outcome stored = storedRow(id);
                assertEquals(published.value(), stored.event());
                assertEquals("COMPUTED", stored.kind());
                assertEquals(0, stored.sourcePartition());
                assertTrue(List.of(10L, 21L).contains(stored.sourceOffset()), "the first record of its id in either batch");

                // The winning record delivered again (its transaction never committed) publishes the same outcome again,
                // byte for byte and with the same CloudEvents attributes; any other record for the scenario does not.
                List<ProducerRecord<String, String>> again = handle(null, List.of(record(stored.sourceOffset(), id, llama65b(id, 2048))));
                assertEquals(1, again.size());
                assertEquals(published.value(), again.get(0).value());
                for (String header : List.of("ce_id", "ce_type", "ce_time", "ce_subject", "ce_source")) {
                    assertNotNull(header(published, header), header);
                    assertEquals(header(published, header), header(again.get(0), header), header);
                }
                assertTrue(handle(null, List.of(record(99, id, llama65b(id, 2048)))).isEmpty());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private List<ProducerRecord<String, String>> handle(CyclicBarrier start, List<ConsumerRecord<String, String>> batch) {
        try {
            if (start != null) {
                start.await(30, TimeUnit.SECONDS);
            }
            // What the stage runs before its Kafka transaction: parse, compute, store, and pick the records to publish.
            return VertxContextSupport.subscribeAndAwait(() -> consumer.handle(batch));
        } catch (Throwable e) {
            throw new AssertionError("a batch failed: " + e, e);
        }
    }

    private static ConsumerRecord<String, String> record(long offset, String key, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
    }

    private static List<ProducerRecord<String, String>> keyed(List<ProducerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Rows in the outcome table for a scenario: SQL, so that a second row could not hide behind a lookup by key. */
    private long storedRows(String id) {
        return pool.preparedQuery("SELECT count(*) FROM compute_estimate WHERE scenario_id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    private OutcomeStore.Outcome storedRow(String id) {
        return store.find(id).await().atMost(WAIT).orElseThrow();
    }
}
