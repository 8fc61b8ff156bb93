package dev.estimator.cost.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.chassis.kafka.ExactlyOnceStage;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.cost.event.OutcomeRecords;
import dev.estimator.cost.event.ScenarioComputed;
import dev.estimator.cost.event.UnparseableEventException;
import dev.estimator.cost.service.PricingService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.computed} in batches through the chassis {@link ExactlyOnceStage}: a value that is not a
 * computed scenario becomes a dead letter, the others are priced and stored in one statement, and every outcome to
 * publish goes out with the batch's offsets in one Kafka transaction. Outages are waited out by the stage.
 */
@ApplicationScoped
public class ScenarioComputedConsumer {

    static final String SERVICE = "cost-service";

    private static final Logger LOG = Logger.getLogger(ScenarioComputedConsumer.class);

    @Inject
    ObjectMapper json;

    @Inject
    PricingService pricing;

    @Inject
    ExactlyOnceStage stage;

    @Incoming("scenarios-computed")
    public Uni<Void> onComputed(KafkaRecordBatch<String, String> batch) {
        return stage.process(batch, this::handle);
    }

    Uni<List<ProducerRecord<String, String>>> handle(List<ConsumerRecord<String, String>> records) {
        List<ProducerRecord<String, String>> out = new ArrayList<>(records.size());
        List<PricingService.Delivery> scenarios = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                scenarios.add(new PricingService.Delivery(parse(record.value()), record.partition(), record.offset()));
            } catch (UnparseableEventException e) {
                LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                out.add(DeadLetters.of(record, SERVICE, e.getMessage(), e));
            }
        }
        return pricing.priceAndStore(scenarios).map(stored -> {
            for (OutcomeStore.Stored s : stored) {
                if (s.publish()) {
                    out.add(OutcomeRecords.of(s.outcome()));
                }
            }
            return out;
        });
    }

    ScenarioComputed parse(String value) {
        ScenarioComputed computed;
        try {
            computed = value == null ? null : json.readValue(value, ScenarioComputed.class);
        } catch (Exception e) {
            throw new UnparseableEventException("Not a computed scenario: " + e.getMessage(), e);
        }
        if (computed == null || computed.scenarioId() == null || computed.scenarioId().isBlank() || computed.compute() == null) {
            throw new UnparseableEventException("Computed scenario without scenarioId or compute block", null);
        }
        return computed;
    }
}
