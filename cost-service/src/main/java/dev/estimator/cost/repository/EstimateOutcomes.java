package dev.estimator.cost.repository;

import dev.estimator.chassis.store.OutcomeStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The {@code cost_estimate} table (migration V1): the final estimate or the rejection of every consumed scenario,
 * keyed by scenario id. It is the stage's idempotency record, written and read only through the chassis
 * {@link OutcomeStore}.
 */
public class EstimateOutcomes {

    public static final String TABLE = "cost_estimate";

    @Produces
    @ApplicationScoped
    OutcomeStore outcomeStore(Pool pool) {
        return new OutcomeStore(pool, TABLE);
    }
}
