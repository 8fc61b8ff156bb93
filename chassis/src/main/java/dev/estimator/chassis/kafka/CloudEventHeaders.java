package dev.estimator.chassis.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the event's attributes as {@code ce_*} headers and the
 * JSON data as the record value (docs/events.md). Written here rather than by the connector because the
 * exactly-once stages send through their own transactional producer.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "1.0";

    private CloudEventHeaders() {
    }

    /**
     * @param id      deterministic ({@code <scenarioId>:<type>}), so a re-send is recognisable
     * @param source  URI reference of the producing service, e.g. {@code /catalog-service}
     * @param subject the scenario id
     */
    public static Headers binary(String id, String type, String source, String subject, Instant time) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes(SPEC_VERSION));
        headers.add("ce_id", bytes(id));
        headers.add("ce_type", bytes(type));
        headers.add("ce_source", bytes(source));
        if (subject != null) {
            headers.add("ce_subject", bytes(subject));
        }
        if (time != null) {
            headers.add("ce_time", bytes(DateTimeFormatter.ISO_INSTANT.format(time)));
        }
        headers.add("content-type", bytes("application/json"));
        return headers;
    }

    static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
