package dev.estimator.chassis.store;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The stage's {@link OutcomeStore}, on the table named by {@code estimator.outcome-table} (created by the chassis
 * migration {@code db/outcome/V0_1__outcome_table.sql}). Only a service that injects the store needs the property.
 */
public class OutcomeStoreProducer {

    @Produces
    @Singleton
    OutcomeStore outcomeStore(Pool pool, @ConfigProperty(name = "estimator.outcome-table") String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            // Interpolated into SQL: a configuration value, never user input, but still not trusted blindly.
            throw new IllegalArgumentException("estimator.outcome-table must be a plain SQL identifier: " + table);
        }
        return new OutcomeStore(pool, table);
    }
}
