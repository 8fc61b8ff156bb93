package dev.estimator.compute.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.chassis.kafka.ExactlyOnceStage;
import dev.estimator.chassis.kafka.SectionTypeCheck;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.compute.event.OutcomeRecords;
import dev.estimator.compute.service.ComputeEstimationService;
import dev.estimator.compute.service.ParsedScenario;
import dev.estimator.compute.service.ResolvedScenarioReader;
import dev.estimator.compute.service.UnparseableScenarioException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.resolved} in batches through the chassis {@link ExactlyOnceStage}: a value that is not a
 * resolved scenario becomes a dead letter, the others are computed and stored in one statement, and every outcome to
 * publish goes out with the batch's offsets in one Kafka transaction. Outages are waited out by the stage.
 */
@ApplicationScoped
public class ScenarioResolvedConsumer {

    static final String SERVICE = "compute-service";

    private static final Logger LOG = Logger.getLogger(ScenarioResolvedConsumer.class);

    @Inject
    ResolvedScenarioReader reader;

    @Inject
    ComputeEstimationService estimation;

    @Inject
    ExactlyOnceStage stage;

    /**
     * Everything compute-service passes on to cost-service has the types its schema gives it: the resolved model,
     * training and hardware (some of whose fields, such as the accelerator's unit price, only cost-service reads)
     * against scenarios.resolved's, and the sections the catalog carried unchanged against scenarios.submitted's. A
     * value cost-service could not read is dead-lettered here, where it came in, not a topic later.
     */
    private final SectionTypeCheck resolvedSections = SectionTypeCheck.of("events/scenarios.resolved.schema.json",
            Set.of("model", "training", "hardware"));
    private final SectionTypeCheck carriedSections = SectionTypeCheck.of("events/scenarios.submitted.schema.json",
            Set.of("pricing", "serving", "programme"));

    @Incoming("scenarios-resolved")
    public Uni<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        return stage.process(batch, this::handle);
    }

    Uni<List<ProducerRecord<String, String>>> handle(List<ConsumerRecord<String, String>> records) {
        long start = System.nanoTime();
        List<ProducerRecord<String, String>> out = new ArrayList<>(records.size());
        List<ComputeEstimationService.Delivery> scenarios = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                scenarios.add(new ComputeEstimationService.Delivery(parse(record.value()), record.partition(), record.offset()));
            } catch (UnparseableScenarioException e) {
                LOG.debugf("Dead-lettering record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                // The field at fault first: what an operator reading the DLQ needs to fix the producer.
                out.add(DeadLetters.of(record, SERVICE, e.field() + ": " + e.getMessage(), e));
            }
        }
        return estimation.computeAndStoreAll(scenarios).map(stored -> {
            for (OutcomeStore.Stored s : stored) {
                if (s.publish()) {
                    out.add(OutcomeRecords.of(s.outcome()));
                }
            }
            LOG.debugf("Batch of %d record(s): computed and stored in %d ms, %d record(s) to publish", records.size(),
                    (System.nanoTime() - start) / 1_000_000, out.size());
            return out;
        });
    }

    ParsedScenario parse(String value) {
        ParsedScenario parsed = reader.read(value);
        if (parsed.scenarioId() == null || parsed.scenarioId().isBlank()) {
            throw new UnparseableScenarioException("scenarioId", "Resolved scenario without scenarioId", null);
        }
        resolvedSections.problem(parsed.json()).or(() -> carriedSections.problem(parsed.json())).ifPresent(problem -> {
            throw new UnparseableScenarioException("value", "A value of the wrong type for its schema (" + problem + ")", null);
        });
        return parsed;
    }
}
