package dev.estimator.cost.event;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.estimator.chassis.kafka.CloudEventHeaders;
import dev.estimator.chassis.store.OutcomeStore;

/**
 * The two outcomes of this stage (docs/events.md) and a stored one as the record it publishes: key = scenario id,
 * value = the stored JSON, CloudEvents binary headers.
 */
public final class OutcomeRecords {

    /** {@link OutcomeStore.Outcome#kind()} of a priced scenario. */
    public static final String COMPLETED = "COMPLETED";
    /** {@link OutcomeStore.Outcome#kind()} of a scenario this stage cannot price. */
    public static final String REJECTED = "REJECTED";
    public static final String ESTIMATES_TOPIC = "estimates";
    public static final String REJECTED_TOPIC = "scenarios.rejected";
    public static final String COMPLETED_TYPE = "estimator.estimate.completed";
    public static final String REJECTED_TYPE = "estimator.scenario.rejected";
    static final String SOURCE = "/cost-service";

    private OutcomeRecords() {
    }

    public static ProducerRecord<String, String> of(OutcomeStore.Outcome stored) {
        boolean completed = COMPLETED.equals(stored.kind());
        String type = completed ? COMPLETED_TYPE : REJECTED_TYPE;
        // Deterministic id: a re-send after a failed transaction carries the same id as the first attempt.
        return new ProducerRecord<>(completed ? ESTIMATES_TOPIC : REJECTED_TOPIC, null, stored.scenarioId(), stored.event(),
                CloudEventHeaders.binary(stored.scenarioId() + ":" + type, type, SOURCE, stored.scenarioId(), stored.createdAt()));
    }
}
