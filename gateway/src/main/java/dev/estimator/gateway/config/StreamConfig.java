package dev.estimator.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SSE stream of estimates ({@code gateway.stream.*} in application.properties, where each is explained): how many
 * streams a replica serves, and how much it keeps for a client that reads slower than estimates arrive.
 */
@ConfigMapping(prefix = "gateway.stream")
public interface StreamConfig {

    /** Streams open at once on this replica, all clients together; more are answered 503. */
    @WithDefault("1000")
    int maxConnections();

    /** Streams open at once per client (token subject, else address) on this replica; more are answered 429. */
    @WithDefault("10")
    int maxConnectionsPerClient();

    /** Estimates waiting for one client (after its filter) before it is dropped as too slow. */
    @WithDefault("4096")
    int clientBuffer();

    /** How long estimates may wait for a client that takes none before it is dropped, its buffer not full yet. */
    @WithDefault("30s")
    Duration clientStallTimeout();

    /** The {@code retry:} a dropped client is sent, and the Retry-After of a refused one. */
    @WithDefault("5s")
    Duration retry();

    /** How long a dropped client has to take its last events and the {@code retry:} before its connection is closed. */
    @WithDefault("10s")
    Duration slowClientGrace();
}
