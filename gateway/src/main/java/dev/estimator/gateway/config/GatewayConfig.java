package dev.estimator.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's own settings ({@code gateway.*} in application.properties, where each is explained). The defaults here
 * are the same as there, so a bean tested on its own behaves as the service does.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The outbox relay of {@code scenarios.submitted}. */
    Relay relay();

    StalePending stalePending();

    RateLimit rateLimit();

    DeadLetters deadLetters();

    PreferWait preferWait();

    Sweeps sweeps();

    Sse sse();

    interface Relay {
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

    interface StalePending {
        @WithDefault("10m")
        Duration age();

        @WithDefault("1m")
        Duration checkInterval();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        Submissions submissions();

        interface Submissions {
            @WithDefault("50")
            int capacity();

            @WithDefault("20")
            double perSecond();
        }
    }

    interface DeadLetters {
        Replay replay();

        interface Replay {
            @WithDefault("gateway-dlq-replay-")
            String groupPrefix();

            @WithDefault("10000")
            int maxRecords();

            @WithDefault("60s")
            Duration timeout();
        }
    }

    interface PreferWait {
        @WithDefault("60")
        int maxSeconds();

        @WithDefault("PT0.25S")
        Duration pollInterval();
    }

    interface Sweeps {
        @WithDefault("10000")
        int maxScenarios();
    }

    interface Sse {
        @WithDefault("10000")
        int buffer();
    }
}
