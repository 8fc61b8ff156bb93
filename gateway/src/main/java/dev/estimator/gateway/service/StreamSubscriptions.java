package dev.estimator.gateway.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.estimator.gateway.config.StreamConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Counts the SSE streams this replica serves, in all and per client, and refuses one over either limit before it
 * opens. Each open stream holds a {@link Slot} until it ends, however it ends. Per replica, like the submission rate
 * limit: N replicas serve up to N times the limits.
 */
@ApplicationScoped
public class StreamSubscriptions {

    @Inject
    StreamConfig config;

    @Inject
    MeterRegistry registry;

    private final AtomicInteger total = new AtomicInteger();
    /** Open streams per client; a client's entry goes with its last stream, so the map holds connected clients only. */
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();
    private Counter refusedPerClient;
    private Counter refusedInAll;

    void start(@Observes StartupEvent event) {
        Gauge.builder("gateway.sse.connections", total, AtomicInteger::get)
                .description("SSE streams of estimates open on this replica").register(registry);
        refusedPerClient = Counter.builder("gateway.sse.connections.refused").tag("limit", "client")
                .description("SSE streams refused: the client had gateway.stream.max-connections-per-client open (429)").register(registry);
        refusedInAll = Counter.builder("gateway.sse.connections.refused").tag("limit", "total")
                .description("SSE streams refused: the replica had gateway.stream.max-connections open (503)").register(registry);
    }

    /** One open stream; {@link #close()} gives its place back, once, whoever calls it first. */
    public final class Slot implements AutoCloseable {
        private final String client;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot(String client) {
            this.client = client;
        }

        public String client() {
            return client;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                perClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
                total.decrementAndGet();
            }
        }
    }

    /** Takes a place for a stream of {@code client}, or throws {@link StreamLimitException} saying which limit is reached. */
    public Slot open(String client) {
        long retryAfter = Math.max(1, config.retry().toSeconds());
        int max = config.maxConnections();
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            count(refusedInAll);
            throw new StreamLimitException(false, max, retryAfter);
        }
        int maxPerClient = config.maxConnectionsPerClient();
        boolean[] admitted = new boolean[1];
        perClient.compute(client, (c, n) -> {
            int open = n == null ? 0 : n;
            admitted[0] = open < maxPerClient;
            return admitted[0] ? open + 1 : n;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            count(refusedPerClient);
            throw new StreamLimitException(true, maxPerClient, retryAfter);
        }
        return new Slot(client);
    }

    /** Streams open on this replica. */
    public int connections() {
        return total.get();
    }

    /** Streams {@code client} has open on this replica. */
    public int connections(String client) {
        return perClient.getOrDefault(client, 0);
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }
}
