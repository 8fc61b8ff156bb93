package dev.estimator.catalog.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.estimator.chassis.kafka.CloudEventHeaders;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.catalog.domain.StoredScenario;

/** A stored outcome as the record this stage publishes: key = scenario id, value = the stored JSON, CloudEvents headers. */
public final class OutcomeRecords {

    public static final String RESOLVED_TOPIC = "scenarios.resolved";
    public static final String REJECTED_TOPIC = "scenarios.rejected";
    public static final String RESOLVED_TYPE = "estimator.scenario.resolved";
    public static final String REJECTED_TYPE = "estimator.scenario.rejected";
    static final String SOURCE = "/catalog-service";

    private OutcomeRecords() {
    }

    public static ProducerRecord<String, String> of(OutcomeStore.Outcome stored) {
        boolean resolved = StoredScenario.Outcome.RESOLVED.name().equals(stored.kind());
        String type = resolved ? RESOLVED_TYPE : REJECTED_TYPE;
        // Deterministic id: a re-send after a failed transaction carries the same id as the first attempt.
        return new ProducerRecord<>(resolved ? RESOLVED_TOPIC : REJECTED_TOPIC, null, stored.scenarioId(), stored.event(),
                CloudEventHeaders.binary(stored.scenarioId() + ":" + type, type, SOURCE, stored.scenarioId(), stored.createdAt()));
    }
}
