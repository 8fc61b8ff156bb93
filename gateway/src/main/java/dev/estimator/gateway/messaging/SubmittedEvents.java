package dev.estimator.gateway.messaging;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.chassis.kafka.CloudEventHeaders;
import dev.estimator.gateway.event.ScenarioSubmittedEvent;
import dev.estimator.gateway.repository.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records of {@code scenarios.submitted} (docs/events.md), built from what the registry stores: the value is
 * {@code scenarioId}, {@code sweepId} and {@code submittedAt}, then the stored normalized request's fields, which is
 * the JSON of {@link ScenarioSubmittedEvent}. A row published twice yields the same record both times.
 */
@ApplicationScoped
public class SubmittedEvents {

    public static final String TOPIC = "scenarios.submitted";
    public static final String TYPE = "estimator.scenario.submitted";
    public static final String SOURCE = "/gateway";

    @Inject
    ObjectMapper json;

    /** @throws IllegalArgumentException if the stored request is not a JSON object */
    public ProducerRecord<String, String> record(OutboxRow row) {
        return new ProducerRecord<>(TOPIC, null, row.scenarioId(), value(row),
                CloudEventHeaders.binary(row.scenarioId() + ":" + TYPE, TYPE, SOURCE, row.scenarioId(), row.submittedAt()));
    }

    /**
     * The stored request is read back as a tree rather than as the request record: the relay publishes what was
     * stored, whatever the record looks like by then.
     */
    String value(OutboxRow row) {
        try {
            JsonNode request = row.request() == null ? null : json.readTree(row.request());
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("scenario " + row.scenarioId() + " has no stored request object");
            }
            ObjectNode event = json.createObjectNode();
            event.put("scenarioId", row.scenarioId());
            event.put("sweepId", row.sweepId());
            event.put("submittedAt", row.submittedAt().toString());
            event.setAll((ObjectNode) request);
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario " + row.scenarioId() + " has no stored request object: " + e.getOriginalMessage());
        }
    }
}
