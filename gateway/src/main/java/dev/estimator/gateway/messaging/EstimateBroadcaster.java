package dev.estimator.gateway.messaging;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** An estimate as published, with the ids SSE clients filter on. */
    public record StreamedEstimate(String scenarioId, String sweepId, JsonNode estimate) {
    }

    private final BroadcastProcessor<StreamedEstimate> processor = BroadcastProcessor.create();

    /** SSE clients connected to this replica; without any, an estimate is dropped before it is parsed. */
    private final AtomicInteger subscribers = new AtomicInteger();

    @Inject
    ObjectMapper json;

    @Incoming("estimates-sse")
    public void onEstimate(String value) {
        // The consumer still reads every estimate (it must stay at the latest offset for the next client), but
        // parsing is the expensive part and nobody would receive the result.
        if (subscribers.get() == 0) {
            return;
        }
        try {
            JsonNode event = json.readTree(value);
            String id = event.path("scenarioId").asText(null);
            if (id != null) {
                processor.onNext(new StreamedEstimate(id, event.path("sweepId").asText(null), event));
            }
        } catch (Exception e) {
            LOG.debugf("Skipping an estimate that is not JSON: %s", e.getMessage());
        }
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
