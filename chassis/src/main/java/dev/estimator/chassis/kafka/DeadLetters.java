package dev.estimator.chassis.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one shape of a dead letter (docs/events.md): the record as received on {@code <topic>.dlq} (same key,
 * value and headers) plus why and where it came from. Only records that can never succeed go there.
 */
public final class DeadLetters {

    public static final String SUFFIX = ".dlq";
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String STAGE = "dead-letter-stage";

    private DeadLetters() {
    }

    public static String topicFor(String sourceTopic) {
        return sourceTopic + SUFFIX;
    }

    /**
     * @param stage  the service that refused it (its {@code quarkus.application.name})
     * @param reason what is wrong with the record, for the operator who reads the DLQ
     * @param cause  the exception that refused it, or null
     */
    public static ProducerRecord<String, String> of(ConsumerRecord<String, String> record, String stage, String reason,
            Throwable cause) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        // A replayed record that fails again must not carry two reasons: the newest is the one that counts.
        for (String name : new String[] { REASON, CAUSE, TOPIC, PARTITION, OFFSET, STAGE }) {
            headers.remove(name);
        }
        headers.add(REASON, CloudEventHeaders.bytes(reason));
        headers.add(CAUSE, CloudEventHeaders.bytes(cause == null ? "" : cause.getClass().getName()));
        headers.add(TOPIC, CloudEventHeaders.bytes(record.topic()));
        headers.add(PARTITION, CloudEventHeaders.bytes(Integer.toString(record.partition())));
        headers.add(OFFSET, CloudEventHeaders.bytes(Long.toString(record.offset())));
        headers.add(STAGE, CloudEventHeaders.bytes(stage));
        return new ProducerRecord<>(topicFor(record.topic()), null, record.key(), record.value(), headers);
    }
}
