package dev.estimator.catalog.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends one unparseable record of a batch to {@code scenarios.submitted.dlq} (same key and value,
 * the original headers plus the reason), so the rest of the batch goes on.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    @Inject
    @Channel("scenarios-submitted-dlq")
    MutinyEmitter<String> deadLetters;

    public Uni<Void> send(KafkaRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.getHeaders().toArray());
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-cause", bytes(UnparseableEventException.class.getName()));
        headers.add("dead-letter-topic", bytes(record.getTopic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.getPartition())));
        record.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(in -> headers.add("dead-letter-offset", bytes(Long.toString(in.getOffset()))));
        Message<String> message = Message.of(record.getPayload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getKey()).withHeaders(headers).build());
        return deadLetters.sendMessage(message);
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
