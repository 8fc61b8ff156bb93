package dev.estimator.catalog.repository;

import dev.estimator.chassis.store.OutcomeStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The {@code scenario} table (migration V1): the outcome of every consumed scenario, resolved or rejected, keyed by
 * scenario id. It is the stage's idempotency record, written and read only through the chassis {@link OutcomeStore}.
 */
public class ScenarioOutcomes {

    public static final String TABLE = "scenario";

    @Produces
    @ApplicationScoped
    OutcomeStore outcomeStore(Pool pool) {
        return new OutcomeStore(pool, TABLE);
    }
}
