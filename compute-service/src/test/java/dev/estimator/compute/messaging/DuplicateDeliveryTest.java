package dev.estimator.compute.messaging;

import static dev.estimator.compute.ResolvedScenarios.gpt3;
import static dev.estimator.compute.ResolvedScenarios.llama65b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.compute.domain.ComputeEstimate;
import dev.estimator.compute.service.ComputeEstimationService;
import dev.estimator.compute.service.ParsedScenario;
import dev.estimator.compute.service.ResolvedScenarioReader;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The same new scenario delivered more than once: in one batch, or in batches processed at the same time (two replicas, a rebalance). */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class DuplicateDeliveryTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ComputeEstimationService estimation;

    @Inject
    ScenarioEventPublisher publisher;

    @Inject
    ResolvedScenarioReader reader;

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
    void sameScenarioSentTwiceBackToBackOverKafkaIsStoredOnceAndSentTwiceIdentically() throws Throwable {
        String id = UUID.randomUUID().toString();
        // Sent back to back, so both usually land in the same poll (the concurrent test below forces it).
        kafka.send("scenarios.resolved", id, gpt3(id, 0.3));
        kafka.send("scenarios.resolved", id, gpt3(id, 0.3));

        List<ConsumerRecord<String, String>> out = kafka.awaitRecords("scenarios.computed", r -> id.equals(r.key()), 2, WAIT);
        assertIdentical(out);
        assertEquals(1L, storedRows(id));
        kafka.awaitNoLag("compute-service", "scenarios.resolved", WAIT);
        assertTrue(kafka.readAll("scenarios.resolved.dlq", r -> id.equals(r.key()), Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void concurrentBatchesWithTheSameNewScenarioStoreOneOutcomeAndBothSendIt() throws Throwable {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String id = UUID.randomUUID().toString();
                String otherA = UUID.randomUUID().toString();
                String otherB = UUID.randomUUID().toString();
                // Batch A holds the scenario twice (one poll with a duplicate), batch B once, as another replica would.
                List<String> a = List.of(llama65b(id, 2048), llama65b(id, 2048), gpt3(otherA, 0.3));
                List<String> b = List.of(gpt3(otherB, 0.3), llama65b(id, 2048));
                CyclicBarrier start = new CyclicBarrier(2);
                // Each call runs on its own duplicated Vert.x context, like two consumers' batches.
                CompletableFuture<List<ComputeEstimate>> first = CompletableFuture.supplyAsync(() -> process(start, a), threads);
                CompletableFuture<List<ComputeEstimate>> second = CompletableFuture.supplyAsync(() -> process(start, b), threads);
                List<ComputeEstimate> outA = first.get(60, TimeUnit.SECONDS);
                List<ComputeEstimate> outB = second.get(60, TimeUnit.SECONDS);

                assertEquals(3, outA.size(), "one outcome per delivery");
                assertEquals(2, outB.size());
                for (ComputeEstimate e : List.of(outA.get(1), outB.get(1))) {
                    assertEquals(outA.get(0).event, e.event, "one outcome for the scenario, whoever stored it");
                    assertEquals(outA.get(0).createdAt, e.createdAt);
                }
                assertEquals(ComputeEstimate.Outcome.COMPUTED, outA.get(0).outcome);
                assertEquals(1L, storedRows(id));
                assertEquals(1L, storedRows(otherA));
                assertEquals(1L, storedRows(otherB));

                // One event per delivery: two from batch A, one from batch B, all the same.
                List<ConsumerRecord<String, String>> out = kafka.awaitRecords("scenarios.computed", r -> id.equals(r.key()), 3, WAIT);
                assertIdentical(out);
                assertEquals(outA.get(0).event, out.get(0).value());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private List<ComputeEstimate> process(CyclicBarrier start, List<String> values) {
        try {
            List<ParsedScenario> batch = new ArrayList<>();
            for (String value : values) {
                batch.add(reader.read(value));
            }
            start.await(30, TimeUnit.SECONDS);
            // What the consumer does between parsing and acking: store, then send and await the broker acks.
            return VertxContextSupport.subscribeAndAwait(() -> estimation.computeAndStoreAll(batch)
                    .call(outcomes -> Uni.join().all(outcomes.stream().map(publisher::publish).toList()).andFailFast()));
        } catch (Throwable e) {
            throw new AssertionError("a batch failed: " + e, e);
        }
    }

    private static long storedRows(String id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> ComputeEstimate.count("scenarioId", id)));
    }

    private static void assertIdentical(List<ConsumerRecord<String, String>> records) {
        ConsumerRecord<String, String> first = records.get(0);
        for (ConsumerRecord<String, String> r : records) {
            assertEquals(first.value(), r.value());
            for (String header : List.of("ce_id", "ce_type", "ce_time", "ce_subject")) {
                assertEquals(KafkaTestClient.header(first, header), KafkaTestClient.header(r, header), header);
            }
        }
    }
}
