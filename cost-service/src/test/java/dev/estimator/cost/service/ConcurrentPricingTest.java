package dev.estimator.cost.service;

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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.cost.event.ScenarioComputed;
import dev.estimator.cost.messaging.PricingFlowTest;
import dev.estimator.cost.service.PricingService.Delivery;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Two replicas (or a consumer before and after a rebalance) can store the same new scenario at the same moment.
 * Storing is one {@code insert ... on conflict do nothing}: the second writer must neither fail (its batch would
 * be retried or isolated) nor see an outcome other than the stored one, and exactly one of the two records may
 * publish it (the one that stored it).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class ConcurrentPricingTest {

    @Inject
    PricingService pricing;

    @Inject
    ObjectMapper json;

    @Inject
    OutcomeStore outcomes;

    @Inject
    Pool pool;

    @Test
    void theSameNewScenarioStoredConcurrentlyYieldsOneRowAndOneOutcomeThatOneRecordPublishes() throws Throwable {
        String shared = UUID.randomUUID().toString();
        String onlyA = UUID.randomUUID().toString();
        String onlyB = UUID.randomUUID().toString();
        List<Delivery> first = List.of(delivery(onlyA, 1.0e6, 10), delivery(shared, 1.0e6, 11));
        // The other copy carries other numbers: whichever insert wins, both callers must get the winner's outcome.
        List<Delivery> second = List.of(delivery(shared, 2.0e6, 20), delivery(onlyB, 1.0e6, 21));
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Map<String, OutcomeStore.Stored>> a = CompletableFuture.supplyAsync(() -> store(first, start));
        CompletableFuture<Map<String, OutcomeStore.Stored>> b = CompletableFuture.supplyAsync(() -> store(second, start));
        Map<String, OutcomeStore.Stored> fromA = a.get(60, TimeUnit.SECONDS);
        Map<String, OutcomeStore.Stored> fromB = b.get(60, TimeUnit.SECONDS);

        assertEquals(2, fromA.size());
        assertEquals(2, fromB.size());
        OutcomeStore.Stored inA = fromA.get(shared);
        OutcomeStore.Stored inB = fromB.get(shared);
        assertEquals(inA.outcome().event(), inB.outcome().event(), "both callers get the one stored outcome");
        assertEquals(inA.outcome(), inB.outcome());
        assertTrue(inA.publish() ^ inB.publish(), "exactly one of the two records publishes it");
        assertTrue(fromA.get(onlyA).publish());
        assertTrue(fromB.get(onlyB).publish());
        long rows = pool.preparedQuery("SELECT count(*) FROM cost_estimate WHERE scenario_id = ANY($1)")
                .execute(Tuple.of(new String[] { shared, onlyA, onlyB })).await().atMost(Duration.ofSeconds(30))
                .iterator().next().getLong(0);
        assertEquals(3, rows);
        OutcomeStore.Outcome stored = outcomes.find(shared).await().atMost(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(stored.event(), inA.outcome().event());
        OutcomeStore.Stored winner = inA.publish() ? inA : inB;
        assertEquals(winner.outcome().sourceOffset(), stored.sourceOffset(), "the row remembers the record that stored it");

        // The winning record delivered again (its transaction never committed): the stored outcome comes back
        // unchanged and is published again. Any other record (a re-send, a replay) gets it back and publishes nothing.
        OutcomeStore.Stored again = store(List.of(delivery(shared, 3.0e6, winner.outcome().sourceOffset())), null).get(shared);
        assertTrue(again.publish());
        assertEquals(winner.outcome(), again.outcome());
        OutcomeStore.Stored other = store(List.of(delivery(shared, 3.0e6, 99)), null).get(shared);
        assertFalse(other.publish());
        assertEquals(stored.event(), other.outcome().event());
    }

    private Map<String, OutcomeStore.Stored> store(List<Delivery> batch, CyclicBarrier start) {
        try {
            if (start != null) {
                start.await(30, TimeUnit.SECONDS);
            }
            List<OutcomeStore.Stored> stored = VertxContextSupport.subscribeAndAwait(() -> pricing.priceAndStore(batch));
            Map<String, OutcomeStore.Stored> byId = new HashMap<>();
            stored.forEach(s -> byId.put(s.outcome().scenarioId(), s));
            return byId;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Delivery delivery(String id, double gpuHours, long offset) throws Exception {
        return new Delivery(json.readValue(PricingFlowTest.fullComputed(id, "sweep-concurrent", gpuHours, "USD"),
                ScenarioComputed.class), 0, offset);
    }
}
