package dev.estimator.catalog.messaging;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.service.ScenarioResolutionService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.submitted} in batches: parse each record (one that is not a scenario goes
 * to the dead-letter topic and the batch goes on), resolve the batch and store it in one statement,
 * send every outcome and wait for the broker acks; only then is the batch acked and its offsets
 * committed (no dual write). A whole-batch failure is nacked and handled by the
 * channel's dead-letter failure strategy.
 */
@ApplicationScoped
public class ScenarioSubmittedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioResolutionService resolution;

    @Inject
    ScenarioEventPublisher publisher;

    @Inject
    DeadLetterPublisher deadLetters;

    @Incoming("scenarios-submitted")
    public Uni<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        List<ScenarioSubmitted> scenarios = new ArrayList<>();
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                scenarios.add(parse(record.getPayload()));
            } catch (UnparseableEventException e) {
                deadLettered.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettersAcked = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andFailFast().replaceWithVoid();
        // A KafkaRecordBatch parameter means manual acknowledgement: without the ack the throttled commit
        // strategy never commits and, after 60 s, reports the channel as failed.
        return deadLettersAcked
                .chain(() -> resolution.resolveBatch(scenarios))
                .chain(publisher::publishAll)
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(batch.ack())
                        : Uni.createFrom().completionStage(batch.nack(failure)));
    }

    ScenarioSubmitted parse(String value) {
        ScenarioSubmitted submitted;
        try {
            submitted = value == null ? null : json.readValue(value, ScenarioSubmitted.class);
        } catch (Exception e) {
            throw new UnparseableEventException("Not a scenario: " + e.getMessage(), e);
        }
        if (submitted == null || submitted.scenarioId() == null || submitted.scenarioId().isBlank()) {
            throw new UnparseableEventException("Scenario without scenarioId", null);
        }
        return submitted;
    }
}
