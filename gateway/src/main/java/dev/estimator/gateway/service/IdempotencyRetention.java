package dev.estimator.gateway.service;

import java.time.Clock;
import java.time.Instant;

import dev.estimator.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How long an Idempotency-Key holds ({@code gateway.idempotency.retention}, default 24 h): a retry within that time gets
 * the first answer; after it, the key is free and the same key starts a new submission. Enforced when a key is looked
 * up (a scenario or sweep older than the cut-off is not found by its key, and its key is released in the transaction
 * that reuses it), and by {@link IdempotencyKeyCleaner}, which releases expired keys in bulk.
 */
@ApplicationScoped
public class IdempotencyRetention {

    @Inject
    GatewayConfig.Idempotency config;

    private final Clock clock = Clock.systemUTC();

    /** Keys of submissions before this instant have expired. */
    public Instant cutoff() {
        return clock.instant().minus(config.retention());
    }
}
