package dev.estimator.catalog.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.OutcomeRecords;
import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.event.UnparseableEventException;
import dev.estimator.catalog.service.ScenarioResolutionService;
import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.chassis.kafka.ExactlyOnceStage;
import dev.estimator.chassis.store.OutcomeStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code scenarios.submitted} in batches through the chassis {@link ExactlyOnceStage}: a value that is not
 * a scenario becomes a dead letter, the others are resolved and stored in one statement, and every outcome to
 * publish goes out with the batch's offsets in one Kafka transaction. Outages are waited out by the stage.
 */
@ApplicationScoped
public class ScenarioSubmittedConsumer {

    static final String SERVICE = "catalog-service";

    private final ObjectMapper json;
    private final ScenarioResolutionService resolution;
    private final ExactlyOnceStage stage;
    private final CarriedSectionTypes carriedSections;

    ScenarioSubmittedConsumer(ObjectMapper json, ScenarioResolutionService resolution, ExactlyOnceStage stage,
            CarriedSectionTypes carriedSections) {
        this.json = json;
        this.resolution = resolution;
        this.stage = stage;
        this.carriedSections = carriedSections;
    }

    @Incoming("scenarios-submitted")
    public Uni<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        return stage.process(batch, this::handle);
    }

    Uni<List<ProducerRecord<String, String>>> handle(List<ConsumerRecord<String, String>> records) {
        List<ProducerRecord<String, String>> out = new ArrayList<>(records.size());
        List<ScenarioResolutionService.Delivery> scenarios = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                ScenarioSubmitted submitted = ScenarioSubmitted.parse(json, record.value());
                carriedSections.check(submitted);
                scenarios.add(new ScenarioResolutionService.Delivery(submitted, record.partition(), record.offset()));
            } catch (UnparseableEventException e) {
                out.add(DeadLetters.of(record, SERVICE, e.getMessage(), e));
            }
        }
        return resolution.resolveBatch(scenarios).map(stored -> {
            for (OutcomeStore.Stored s : stored) {
                if (s.publish()) {
                    out.add(OutcomeRecords.of(s.outcome()));
                }
            }
            return out;
        });
    }
}
