package dev.estimator.catalog.repository;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.estimator.chassis.store.OutcomeStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The {@code scenario} table (migration V1): the outcome of every consumed scenario, resolved or rejected, keyed by
 * scenario id. It is this stage's idempotency record, kept by the chassis {@link OutcomeStore}.
 */
@Singleton
public class ScenarioOutcomes {

    private final OutcomeStore store;

    ScenarioOutcomes(Pool pool) {
        this.store = new OutcomeStore(pool, "scenario");
    }

    /** Stores a batch's outcomes in one statement; see {@link OutcomeStore#insertOrRead}. */
    public Uni<Map<String, OutcomeStore.Stored>> insertOrRead(List<OutcomeStore.Outcome> outcomes) {
        return store.insertOrRead(outcomes);
    }

    public Uni<Optional<OutcomeStore.Outcome>> find(String scenarioId) {
        return store.find(scenarioId);
    }
}
