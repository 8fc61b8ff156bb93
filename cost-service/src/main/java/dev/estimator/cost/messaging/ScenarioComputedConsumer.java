package dev.estimator.cost.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.service.PricingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.computed} in batches: values that are not computed scenarios go to
 * {@code scenarios.computed.dlq} and the batch goes on; the others are priced and stored in one
 * transaction, then every outcome is sent and acknowledged by the broker, and only then is the batch
 * acknowledged (its offsets committed). A failure of the whole batch nacks it: the channel's
 * dead-letter strategy is the safety net.
 */
@ApplicationScoped
public class ScenarioComputedConsumer {

    private static final Logger LOG = Logger.getLogger(ScenarioComputedConsumer.class);

    @Inject
    ObjectMapper json;

    @Inject
    PricingService pricing;

    @Inject
    ScenarioEventPublisher publisher;

    @Incoming("scenarios-computed")
    public Uni<Void> onComputed(ConsumerRecords<String, String> records) {
        List<ScenarioComputed> scenarios = new ArrayList<>(records.count());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                scenarios.add(parse(record.value()));
            } catch (UnparseableEventException e) {
                LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                deadLetters.add(publisher.deadLetter(record.key(), record.value(), e.getMessage()));
            }
        }
        Uni<Void> dead = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        return dead.chain(() -> pricing.priceAndStore(scenarios)).chain(publisher::publishAll);
    }

    ScenarioComputed parse(String value) {
        ScenarioComputed computed;
        try {
            computed = json.readValue(value, ScenarioComputed.class);
        } catch (Exception e) {
            throw new UnparseableEventException("Not a computed scenario: " + e.getMessage(), e);
        }
        if (computed == null || computed.scenarioId() == null || computed.scenarioId().isBlank() || computed.compute() == null) {
            throw new UnparseableEventException("Computed scenario without scenarioId or compute block", null);
        }
        return computed;
    }
}
