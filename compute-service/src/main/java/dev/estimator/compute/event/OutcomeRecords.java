package dev.estimator.compute.event;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.estimator.chassis.kafka.CloudEventHeaders;
import dev.estimator.chassis.store.OutcomeStore;

/** A stored outcome as the record this stage publishes: key = scenario id, value = the stored JSON, CloudEvents headers. */
public final class OutcomeRecords {

    /** Values of the stored {@code outcome} column. */
    public static final String COMPUTED = "COMPUTED";
    public static final String REJECTED = "REJECTED";

    public static final String COMPUTED_TOPIC = "scenarios.computed";
    public static final String REJECTED_TOPIC = "scenarios.rejected";
    public static final String COMPUTED_TYPE = "estimator.scenario.computed";
    public static final String REJECTED_TYPE = "estimator.scenario.rejected";
    static final String SOURCE = "/compute-service";

    private OutcomeRecords() {
    }

    public static ProducerRecord<String, String> of(OutcomeStore.Outcome stored) {
        boolean computed = COMPUTED.equals(stored.kind());
        String type = computed ? COMPUTED_TYPE : REJECTED_TYPE;
        // Deterministic id: a re-send after a failed transaction carries the same id as the first attempt.
        return new ProducerRecord<>(computed ? COMPUTED_TOPIC : REJECTED_TOPIC, null, stored.scenarioId(), stored.event(),
                CloudEventHeaders.binary(stored.scenarioId() + ":" + type, type, SOURCE, stored.scenarioId(), stored.createdAt()));
    }
}
