package dev.estimator.gateway.service;

import org.jboss.logging.Logger;

import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.repository.IdempotencyKeyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Every {@code gateway.idempotency.cleanup-interval} (default 10 min), releases the Idempotency-Keys older than
 * {@code gateway.idempotency.retention} (default 24 h), in chunks, on every replica (they skip each other's rows).
 * Lookups ignore expired keys already ({@link IdempotencyRetention}); this keeps the key indexes to the keys that still
 * answer retries, instead of every key ever sent.
 */
@ApplicationScoped
public class IdempotencyKeyCleaner {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyCleaner.class);

    /** Keys released per statement; a run goes on while chunks come back full. */
    static final int CHUNK = 5_000;

    @Inject
    IdempotencyKeyStore store;

    @Inject
    IdempotencyRetention retention;

    @Inject
    GatewayConfig.Idempotency config;

    @Inject
    Vertx vertx;

    private long timer = -1;

    void start(@Observes StartupEvent event) {
        long every = config.cleanupInterval().toMillis();
        timer = vertx.setPeriodic(every, every, id -> releaseExpired().subscribe().with(
                released -> {
                    if (released > 0) {
                        LOG.debugf("Released %d expired Idempotency-Keys", released);
                    }
                }, e -> LOG.debugf("Idempotency-Key cleanup failed (retried next interval): %s", e)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Releases every key that expired by now; completes with how many it released. */
    public Uni<Long> releaseExpired() {
        return scenarios(0).chain(n -> sweeps(n));
    }

    private Uni<Long> scenarios(long released) {
        return store.releaseScenarioKeys(retention.cutoff(), CHUNK)
                .chain(n -> n == CHUNK ? scenarios(released + n) : Uni.createFrom().item(released + n));
    }

    private Uni<Long> sweeps(long released) {
        return store.releaseSweepKeys(retention.cutoff(), CHUNK)
                .chain(n -> n == CHUNK ? sweeps(released + n) : Uni.createFrom().item(released + n));
    }
}
