package dev.estimator.cost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.CostEstimate;
import dev.estimator.cost.messaging.PricingFlowTest;
import dev.estimator.cost.messaging.ScenarioComputed;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;

/**
 * Two replicas (or a consumer before and after a rebalance) can store the same new scenario at the same moment.
 * Storing is one {@code insert ... on conflict do nothing}: the second writer must neither fail (its batch would
 * go to the dead-letter topic) nor publish an outcome other than the stored one.
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

    @Test
    void theSameNewScenarioStoredConcurrentlyYieldsOneRowAndOneOutcome() throws Throwable {
        String shared = UUID.randomUUID().toString();
        List<ScenarioComputed> first = List.of(parse(UUID.randomUUID().toString(), 1.0e6), parse(shared, 1.0e6));
        // The other copy carries other numbers: whichever insert wins, both callers must get the winner's outcome.
        List<ScenarioComputed> second = List.of(parse(shared, 2.0e6), parse(UUID.randomUUID().toString(), 1.0e6));
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<List<CostEstimate>> a = CompletableFuture.supplyAsync(() -> store(first, start));
        CompletableFuture<List<CostEstimate>> b = CompletableFuture.supplyAsync(() -> store(second, start));
        List<CostEstimate> fromA = a.get(60, TimeUnit.SECONDS);
        List<CostEstimate> fromB = b.get(60, TimeUnit.SECONDS);

        assertEquals(2, fromA.size());
        assertEquals(2, fromB.size());
        assertEquals(fromA.get(1).event, fromB.get(0).event, "both callers publish the one stored outcome");
        long rows = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> CostEstimate.count("scenarioId in ?1", List.of(shared, first.get(0).scenarioId(), second.get(1).scenarioId()))));
        assertEquals(3, rows);
        String stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> CostEstimate.<CostEstimate>findById(shared).map(e -> e.event)));
        assertEquals(stored, fromA.get(1).event);
        // Stored again later (a redelivery): the stored outcome comes back unchanged.
        assertEquals(stored, store(List.of(parse(shared, 3.0e6)), null).get(0).event);
    }

    private List<CostEstimate> store(List<ScenarioComputed> batch, CyclicBarrier start) {
        try {
            if (start != null) {
                start.await(30, TimeUnit.SECONDS);
            }
            return VertxContextSupport.subscribeAndAwait(() -> pricing.priceAndStore(batch));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private ScenarioComputed parse(String id, double gpuHours) throws Exception {
        return json.readValue(PricingFlowTest.fullComputed(id, "sweep-concurrent", gpuHours, "USD"), ScenarioComputed.class);
    }
}
