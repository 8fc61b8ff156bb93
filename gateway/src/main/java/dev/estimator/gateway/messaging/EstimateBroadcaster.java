package dev.estimator.gateway.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.config.StreamConfig;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Feeds the SSE stream. Every replica consumes {@code estimates} in its own consumer group (latest
 * offsets), so each one sees every estimate for its own SSE clients. Nothing is stored, so a value that
 * does not parse is only logged; the registry's consumer dead-letters it.
 * <p>
 * Each client has its own {@link EstimateFeed}: its filter first, then a queue of at most
 * {@code gateway.stream.client-buffer} of the estimates it takes. Handing an estimate to the clients never waits for
 * any of them; a client whose queue is full, or that took nothing for {@code gateway.stream.client-stall-timeout}
 * while estimates waited, is dropped (its stream ends with a {@code retry:} hint) and what was queued for it is
 * released at once, so a stalled client costs a bounded amount of memory, for a bounded time, and never slows the
 * others.
 */
@ApplicationScoped
public class EstimateBroadcaster {

    private static final Logger LOG = Logger.getLogger(EstimateBroadcaster.class);

    /** An estimate exactly as published (JSON text), with the ids SSE clients filter on. */
    public record StreamedEstimate(String scenarioId, String sweepId, String estimate) {
    }

    /** A client's stream failed because its queue overflowed: it read slower than its estimates arrived. */
    public static final class ClientTooSlow extends RuntimeException {
        public ClientTooSlow(String why) {
            super(why, null, false, false);
        }
    }

    /** The SSE clients connected to this replica; without any, an estimate is dropped before it is parsed. */
    private final Set<EstimateFeed> feeds = ConcurrentHashMap.newKeySet();

    private final AtomicLong dropped = new AtomicLong();

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    StreamConfig config;

    @Inject
    Vertx vertx;

    private long stallCheck = -1;
    /** Estimates per poll of estimates-sse: one call of {@link #onEstimates} hands a client up to this many at once. */
    private volatile int pollRecords = 500;

    void start(@Observes StartupEvent event) {
        int poll = ConfigProvider.getConfig().getOptionalValue("mp.messaging.incoming.estimates-sse.max.poll.records", Integer.class)
                .orElse(500);
        pollRecords = poll;
        if (poll > config.clientBuffer()) {
            LOG.warnf("gateway.stream.client-buffer (%d) is below a poll of estimates-sse (max.poll.records %d): a poll is handed "
                    + "to the SSE clients in one go, so clients that read well may be dropped as too slow", config.clientBuffer(), poll);
        }
        long timeout = config.clientStallTimeout().toNanos();
        long every = Math.max(100, config.clientStallTimeout().toMillis() / 4);
        stallCheck = vertx.setPeriodic(every, every, id -> dropStalled(System.nanoTime(), timeout));
        Gauge.builder("gateway.sse.buffered.events", this, EstimateBroadcaster::bufferedEvents)
                .description("Estimates queued for SSE clients on this replica, all clients together").register(registry);
        Gauge.builder("gateway.sse.buffered.events.max", this, EstimateBroadcaster::maxBufferedEvents)
                .description("Estimates queued for the SSE client with the fullest queue (dropped at gateway.stream.client-buffer)")
                .register(registry);
        FunctionCounter.builder("gateway.sse.clients.dropped", dropped, AtomicLong::get)
                .description("SSE clients dropped for reading slower than their estimates arrived").register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        if (stallCheck >= 0) {
            vertx.cancelTimer(stallCheck);
        }
    }

    /** Drops the clients that took no estimate for {@code timeoutNanos} while some waited for them. */
    void dropStalled(long now, long timeoutNanos) {
        for (EstimateFeed feed : feeds) {
            if (feed.stalled(now, timeoutNanos)) {
                feed.drop("estimates waited for this client longer than " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * A poll's worth of estimates per call: consumed one message at a time, the reactive-messaging plumbing
     * around each estimate (record wrapping, context switches, acknowledgement) cost more than relaying it.
     */
    @Incoming("estimates-sse")
    public void onEstimates(List<String> values) {
        if (feeds.isEmpty()) {
            return;
        }
        for (String value : values) {
            onEstimate(value);
        }
    }

    void onEstimate(String value) {
        // The consumer still reads every estimate (it must stay at the latest offset for the next client), but
        // parsing is the expensive part and nobody would receive the result.
        if (feeds.isEmpty()) {
            return;
        }
        try {
            String[] ids = ids(value);
            if (ids[0] != null) {
                // One SSE data line per event: a pretty-printed value (not what cost-service sends) is compacted.
                boolean oneLine = value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
                publish(new StreamedEstimate(ids[0], ids[1], oneLine ? value : json.writeValueAsString(json.readTree(value))));
            }
        } catch (Exception e) {
            LOG.debugf("Skipping an estimate that is not JSON: %s", e.getMessage());
        }
    }

    /**
     * Reads only the top-level scenarioId and sweepId (they come first in an estimate) and relays the text as
     * published: building a tree of every estimate and serializing it again for each client was the gateway's
     * hottest path during a sweep. The registry consumer, which parses every estimate, dead-letters malformed ones.
     */
    String[] ids(String value) throws java.io.IOException {
        String scenarioId = null;
        String sweepId = null;
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new String[2];
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME && (scenarioId == null || sweepId == null)) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("scenarioId".equals(field) && token == JsonToken.VALUE_STRING) {
                    scenarioId = parser.getText();
                } else if ("sweepId".equals(field) && token == JsonToken.VALUE_STRING) {
                    sweepId = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new String[] { scenarioId, sweepId };
    }

    private void publish(StreamedEstimate estimate) {
        for (EstimateFeed feed : feeds) {
            if (!feed.offer(estimate)) {
                dropped.incrementAndGet();
                LOG.debugf("Dropped an SSE client: more than %d estimates waited for it", feed.capacity());
            }
        }
    }

    /**
     * Estimates from now on that {@code filter} takes, for one client. At most {@code buffer} of them wait for the
     * client; one more and its stream fails with {@link ClientTooSlow} (it reconnects, and reads what it missed from
     * {@code /sweeps/{id}/estimates}). {@code drainer} runs the deliveries the broadcaster starts: the client's event
     * loop, so the broadcaster's thread only queues.
     */
    public Multi<StreamedEstimate> stream(Predicate<StreamedEstimate> filter, int buffer, Executor drainer) {
        // A feed per subscription, registered when the client subscribes (the HTTP layer does once the headers are out).
        return Multi.createFrom().deferred(() -> {
            EstimateFeed feed = new EstimateFeed(filter, buffer, pollRecords, drainer, feeds::remove);
            feeds.add(feed);
            return Multi.createFrom().publisher(feed);
        });
    }

    /** Estimates queued for SSE clients now, all clients together. */
    public long bufferedEvents() {
        long sum = 0;
        for (EstimateFeed feed : feeds) {
            sum += feed.buffered();
        }
        return sum;
    }

    /** Estimates queued for the client with the fullest queue now. */
    public int maxBufferedEvents() {
        int max = 0;
        for (EstimateFeed feed : feeds) {
            max = Math.max(max, feed.buffered());
        }
        return max;
    }

    /** SSE clients dropped as too slow since start. */
    public long droppedClients() {
        return dropped.get();
    }

    /** SSE clients this replica feeds now. */
    public int clients() {
        return feeds.size();
    }
}
