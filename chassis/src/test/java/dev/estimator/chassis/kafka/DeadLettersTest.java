package dev.estimator.chassis.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static ConsumerRecord<String, String> record(RecordHeaders headers) {
        return new ConsumerRecord<>("scenarios.resolved", 3, 42L, 0L, TimestampType.CREATE_TIME, -1, -1, "id-1", "{not json",
                headers, Optional.empty());
    }

    @Test
    void aDeadLetterIsTheRecordAsReceivedPlusTheDocumentedHeaders() {
        RecordHeaders in = new RecordHeaders();
        in.add("ce_id", "id-1:estimator.scenario.resolved".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, String> dead = DeadLetters.of(record(in), "compute-service", "Not JSON",
                new IllegalArgumentException("x"));

        assertEquals("scenarios.resolved.dlq", dead.topic());
        assertEquals("id-1", dead.key());
        assertEquals("{not json", dead.value());
        assertNull(dead.partition(), "partitioned by key, like any record");
        assertEquals("id-1:estimator.scenario.resolved", header(dead, "ce_id"));
        assertEquals("Not JSON", header(dead, "dead-letter-reason"));
        assertEquals(IllegalArgumentException.class.getName(), header(dead, "dead-letter-cause"));
        assertEquals("scenarios.resolved", header(dead, "dead-letter-topic"));
        assertEquals("3", header(dead, "dead-letter-partition"));
        assertEquals("42", header(dead, "dead-letter-offset"));
        assertEquals("compute-service", header(dead, "dead-letter-stage"));
    }

    @Test
    void aReplayedRecordThatFailsAgainCarriesOnlyTheNewestReason() {
        RecordHeaders in = new RecordHeaders();
        in.add("dead-letter-reason", "old".getBytes(StandardCharsets.UTF_8));
        in.add("dead-letter-offset", "7".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, String> dead = DeadLetters.of(record(in), "compute-service", "new", null);

        List<String> reasons = new ArrayList<>();
        for (Header h : dead.headers().headers("dead-letter-reason")) {
            reasons.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        assertEquals(List.of("new"), reasons);
        assertEquals("42", header(dead, "dead-letter-offset"));
        assertEquals("", header(dead, "dead-letter-cause"));
    }

    static String header(ProducerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
