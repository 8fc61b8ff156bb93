package dev.estimator.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.repository.RegistryStore;
import dev.estimator.gateway.repository.RegistryStore.StaleCounts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Scenarios that stay PENDING far longer than the pipeline takes (seconds) were lost somewhere, or wait for a stage
 * that is down: an operator should hear of them, not a user after a day. Every {@code check-interval} this counts the
 * PENDING rows older than {@code age} (an index holds only PENDING rows, so the count costs the same on any registry
 * size), exports the count, the oldest one's age and the rows still waiting for the broker as gauges, and logs a
 * warning while there are any. Gauges read the last count: a scrape never queries the database.
 */
@ApplicationScoped
public class StalePendingMonitor {

    private static final Logger LOG = Logger.getLogger(StalePendingMonitor.class);

    @Inject
    RegistryStore store;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig.StalePending config;

    private final Clock clock = Clock.systemUTC();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong unpublished = new AtomicLong();
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        Gauge.builder("gateway.scenarios.stale.pending", stale, AtomicLong::get)
                .description("Scenarios PENDING for longer than gateway.stale-pending.age").register(registry);
        Gauge.builder("gateway.scenarios.stale.pending.oldest", oldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest stale PENDING scenario (0 when there is none)").register(registry);
        Gauge.builder("gateway.outbox.unpublished", unpublished, AtomicLong::get)
                .description("PENDING scenarios stored but not yet acknowledged by the broker").register(registry);
        long every = config.checkInterval().toMillis();
        timer = vertx.setPeriodic(every, every, id -> refresh().subscribe().with(
                v -> {
                }, e -> LOG.debugf("Stale PENDING check failed: %s", e)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Counts again now (also what the timer does); completes when the gauges hold the new values. */
    public Uni<Void> refresh() {
        Instant now = clock.instant();
        Duration age = config.age();
        return store.staleCounts(now.minus(age)).invoke(counts -> record(counts, age, now)).replaceWithVoid();
    }

    private void record(StaleCounts counts, Duration age, Instant now) {
        long count = counts.stale();
        OffsetDateTime oldest = counts.oldestPending();
        long oldestAge = count == 0 || oldest == null ? 0 : Duration.between(oldest.toInstant(), now).toSeconds();
        stale.set(count);
        oldestAgeSeconds.set(oldestAge);
        unpublished.set(counts.unpublished());
        if (count > 0) {
            LOG.warnf("%d scenario(s) PENDING for more than %s; the oldest was submitted %s (%d s ago). "
                    + "Check the pipeline's stages and dead-letter topics (docs/reliability.md).", count, age, oldest, oldestAge);
        }
    }

    public long stale() {
        return stale.get();
    }
}
