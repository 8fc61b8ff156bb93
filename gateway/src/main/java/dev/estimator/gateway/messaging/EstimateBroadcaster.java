package dev.estimator.gateway.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Feeds the SSE stream. Every replica consumes {@code estimates} in its own consumer group (latest
 * offsets), so each one sees every estimate for its own SSE clients. Nothing is stored, so a value that
 * does not parse is only logged; the registry's consumer dead-letters it.
 */
@ApplicationScoped
public class EstimateBroadcaster {

    private static final Logger LOG = Logger.getLogger(EstimateBroadcaster.class);

    /** An estimate exactly as published (JSON text), with the ids SSE clients filter on. */
    public record StreamedEstimate(String scenarioId, String sweepId, String estimate) {
    }

    private final BroadcastProcessor<StreamedEstimate> processor = BroadcastProcessor.create();

    /** SSE clients connected to this replica; without any, an estimate is dropped before it is parsed. */
    private final AtomicInteger subscribers = new AtomicInteger();

    @Inject
    ObjectMapper json;

    /**
     * A poll's worth of estimates per call: consumed one message at a time, the reactive-messaging plumbing
     * around each estimate (record wrapping, context switches, acknowledgement) cost more than relaying it.
     */
    @Incoming("estimates-sse")
    public void onEstimates(List<String> values) {
        if (subscribers.get() == 0) {
            return;
        }
        for (String value : values) {
            onEstimate(value);
        }
    }

    void onEstimate(String value) {
        // The consumer still reads every estimate (it must stay at the latest offset for the next client), but
        // parsing is the expensive part and nobody would receive the result.
        if (subscribers.get() == 0) {
            return;
        }
        try {
            String[] ids = ids(value);
            if (ids[0] != null) {
                // One SSE data line per event: a pretty-printed value (not what cost-service sends) is compacted.
                boolean oneLine = value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
                processor.onNext(new StreamedEstimate(ids[0], ids[1], oneLine ? value : json.writeValueAsString(json.readTree(value))));
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

    /**
     * Estimates from now on. A subscriber that cannot keep up has up to {@code buffer} estimates queued,
     * then its stream ends (it reconnects, and reads what it missed from
     * {@code /sweeps/{id}/estimates}), rather than stalling the consumer and every other subscriber.
     */
    public Multi<StreamedEstimate> stream(int buffer) {
        return processor.onOverflow().buffer(buffer).onFailure().recoverWithCompletion()
                .onSubscription().invoke(subscription -> subscribers.incrementAndGet())
                // Completion (overflow), failure and cancellation (client gone) all end the subscription.
                .onTermination().invoke(subscribers::decrementAndGet);
    }
}
