package dev.estimator.compute.repository;

import dev.estimator.chassis.store.OutcomeStore;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The {@code compute_estimate} outcome table (created by the V1 migration), written and read only through the
 * chassis {@link OutcomeStore}: one row per scenario id, the event as published.
 */
@Singleton
public class ComputeEstimates {

    public static final String TABLE = "compute_estimate";

    @Produces
    @Singleton
    OutcomeStore store(Pool pool) {
        return new OutcomeStore(pool, TABLE);
    }
}
