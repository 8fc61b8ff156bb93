package dev.estimator.gateway.messaging;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.estimator.chassis.kafka.CloudEventHeaders;

/**
 * Records of {@code scenarios.submitted} (docs/events.md), built from what the registry stores: the value is the
 * stored normalized request with {@code scenarioId}, {@code sweepId} and {@code submittedAt} in front. The request
 * text is already the JSON of the request record (fields in record order, nulls left out), so splicing gives the
 * same text as serializing {@link ScenarioSubmittedEvent}, without parsing and writing every member of a sweep again
 * (the relay builds up to 10,000 of them per sweep). A row published twice yields the same record both times.
 */
public final class SubmittedEvents {

    public static final String TOPIC = "scenarios.submitted";
    public static final String TYPE = "estimator.scenario.submitted";
    public static final String SOURCE = "/gateway";

    private SubmittedEvents() {
    }

    /** A registry row waiting for the broker: what the relay needs to publish it. */
    public record Outbound(String scenarioId, String sweepId, Instant submittedAt, String request) {
    }

    public static ProducerRecord<String, String> record(Outbound row) {
        return new ProducerRecord<>(TOPIC, null, row.scenarioId(), value(row),
                CloudEventHeaders.binary(row.scenarioId() + ":" + TYPE, TYPE, SOURCE, row.scenarioId(), row.submittedAt()));
    }

    /** @throws IllegalArgumentException if the stored request is not a JSON object's text */
    static String value(Outbound row) {
        String request = row.request();
        if (request == null || request.length() < 2 || request.charAt(0) != '{' || request.charAt(request.length() - 1) != '}') {
            throw new IllegalArgumentException("scenario " + row.scenarioId() + " has no stored request object");
        }
        StringBuilder json = new StringBuilder(request.length() + 160);
        json.append("{\"scenarioId\":");
        quote(json, row.scenarioId());
        json.append(",\"sweepId\":");
        if (row.sweepId() == null) {
            json.append("null");
        } else {
            quote(json, row.sweepId());
        }
        json.append(",\"submittedAt\":\"").append(DateTimeFormatter.ISO_INSTANT.format(row.submittedAt())).append('"');
        boolean empty = request.substring(1, request.length() - 1).isBlank();
        if (!empty) {
            json.append(',');
        }
        return json.append(request, 1, request.length()).toString();
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        json.append('"');
    }
}
