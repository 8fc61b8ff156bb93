package dev.estimator.cost.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.estimator.chassis.kafka.CloudEventHeaders;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.cost.domain.CostEstimate;

/** A stored outcome as the record this stage publishes: key = scenario id, value = the stored JSON, CloudEvents headers. */
public final class OutcomeRecords {

    public static final String ESTIMATES_TOPIC = "estimates";
    public static final String REJECTED_TOPIC = "scenarios.rejected";
    public static final String COMPLETED_TYPE = "estimator.estimate.completed";
    public static final String REJECTED_TYPE = "estimator.scenario.rejected";
    static final String SOURCE = "/cost-service";

    private OutcomeRecords() {
    }

    public static ProducerRecord<String, String> of(OutcomeStore.Outcome stored) {
        boolean completed = CostEstimate.Outcome.COMPLETED.name().equals(stored.kind());
        String type = completed ? COMPLETED_TYPE : REJECTED_TYPE;
        // Deterministic id: a re-send after a failed transaction carries the same id as the first attempt.
        return new ProducerRecord<>(completed ? ESTIMATES_TOPIC : REJECTED_TOPIC, null, stored.scenarioId(), stored.event(),
                CloudEventHeaders.binary(stored.scenarioId() + ":" + type, type, SOURCE, stored.scenarioId(), stored.createdAt()));
    }
}
