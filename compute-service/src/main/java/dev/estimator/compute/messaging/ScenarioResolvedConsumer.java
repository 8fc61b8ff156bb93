package dev.estimator.compute.messaging;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.estimator.compute.domain.ComputeEstimate;
import dev.estimator.compute.service.ComputeEstimationService;
import dev.estimator.compute.service.ParsedScenario;
import dev.estimator.compute.service.ResolvedScenarioReader;
import dev.estimator.compute.service.UnparseableScenarioException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.resolved} in batches. Per batch: parse every record (the ones that do not
 * parse go to {@code scenarios.resolved.dlq} and the batch continues), compute, store in ONE
 * statement, publish every outcome (one per record, duplicates included) and wait for the broker's acks, and only then ack the batch (its
 * offsets). A failure anywhere nacks the batch, and the channel's dead-letter strategy takes over.
 */
@ApplicationScoped
public class ScenarioResolvedConsumer {

    private static final Logger LOG = Logger.getLogger(ScenarioResolvedConsumer.class);

    @Inject
    ResolvedScenarioReader reader;

    @Inject
    ComputeEstimationService estimation;

    @Inject
    ScenarioEventPublisher publisher;

    @Incoming("scenarios-resolved")
    public Uni<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        long start = System.nanoTime();
        List<ParsedScenario> scenarios = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                ParsedScenario parsed = reader.read(record.getPayload());
                if (parsed.scenarioId() == null || parsed.scenarioId().isBlank()) {
                    throw new UnparseableScenarioException("scenarioId", "Resolved scenario without scenarioId", null);
                }
                scenarios.add(parsed);
            } catch (UnparseableScenarioException e) {
                LOG.debugf("Dead-lettering record %s-%d: %s", record.getTopic(), record.getPartition(), e.getMessage());
                deadLetters.add(publisher.deadLetter(record, e.field() + ": " + e.getMessage()));
            }
        }
        Uni<List<ComputeEstimate>> stored = scenarios.isEmpty() ? Uni.createFrom().item(List.of())
                : estimation.computeAndStoreAll(scenarios);
        long[] storedAt = new long[1];
        return stored
                .invoke(() -> storedAt[0] = System.nanoTime())
                .chain(outcomes -> {
                    List<Uni<Void>> sends = new ArrayList<>(deadLetters);
                    outcomes.forEach(o -> sends.add(publisher.publish(o)));
                    return sends.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(sends).andFailFast().replaceWithVoid();
                })
                .invoke(() -> LOG.debugf("Batch of %d record(s): stored in %d ms, published in %d ms", batch.getRecords().size(),
                        (storedAt[0] - start) / 1_000_000, (System.nanoTime() - storedAt[0]) / 1_000_000))
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(batch.ack())
                        : Uni.createFrom().completionStage(batch.nack(failure)));
    }
}
