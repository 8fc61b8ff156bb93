package dev.estimator.gateway.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's own settings ({@code gateway.*} in application.properties, where each is explained), one mapping per
 * concern. The defaults here are the same as there. {@code gateway.kafka.producer.*} is not mapped: it is passed to the
 * Kafka client as it is (chassis ProducerSettings).
 */
public final class GatewayConfig {

    private GatewayConfig() {
    }

    /** The outbox relay of {@code scenarios.submitted}. */
    @ConfigMapping(prefix = "gateway.relay")
    public interface Relay {
        @WithDefault("1s")
        Duration interval();

        @WithDefault("15s")
        Duration lease();

        @WithDefault("2000")
        int chunkSize();

        @WithDefault("8")
        int maxChunksInFlight();

        @WithDefault("5s")
        Duration drainTimeout();
    }

    @ConfigMapping(prefix = "gateway.stale-pending")
    public interface StalePending {
        @WithDefault("10m")
        Duration age();

        @WithDefault("1m")
        Duration checkInterval();
    }

    @ConfigMapping(prefix = "gateway.rate-limit")
    public interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        Submissions submissions();

        /** Scenarios stored: one per POST /scenarios, one per member of a sweep. */
        Scenarios scenarios();

        interface Submissions {
            @WithDefault("50")
            int capacity();

            @WithDefault("20")
            double perSecond();
        }

        interface Scenarios {
            @WithDefault("10000")
            int capacity();

            @WithDefault("100")
            double perSecond();
        }
    }

    @ConfigMapping(prefix = "gateway.dead-letters.replay")
    public interface DeadLetterReplay {
        @WithDefault("gateway-dlq-replay-")
        String groupPrefix();

        @WithDefault("10000")
        int maxRecords();

        @WithDefault("60s")
        Duration timeout();
    }

    @ConfigMapping(prefix = "gateway.prefer-wait")
    public interface PreferWait {
        @WithDefault("60")
        int maxSeconds();

        @WithDefault("PT0.25S")
        Duration pollInterval();
    }

    @ConfigMapping(prefix = "gateway.sweeps")
    public interface Sweeps {
        @WithDefault("10000")
        int maxScenarios();

        /** Members x bytes per member a sweep may expand to. */
        @WithDefault("16M")
        MemorySize maxExpandedBytes();

        /** What all sweeps being expanded and stored at once on a replica may add up to. */
        @WithDefault("32M")
        MemorySize maxExpandedBytesInFlight();
    }

    /** How long an Idempotency-Key is remembered, and how often expired keys are released. */
    @ConfigMapping(prefix = "gateway.idempotency")
    public interface Idempotency {
        @WithDefault("24h")
        Duration retention();

        @WithDefault("10m")
        Duration cleanupInterval();
    }
}
