package dev.estimator.compute.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.estimator.compute.domain.ComputeEstimate;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends a stored outcome. The returned {@link Uni} completes only when the broker has acknowledged
 * the record, so the caller acknowledges its input after the output is safe (no dual write).
 */
@ApplicationScoped
public class ScenarioEventPublisher {

    static final URI SOURCE = URI.create("/compute-service");

    /** A whole batch (max.poll.records) is sent at once before any ack returns: the buffer must hold it. */
    @Inject
    @Channel("scenarios-computed")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<String> computed;

    @Inject
    @Channel("scenarios-rejected")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<String> rejected;

    @Inject
    @Channel("scenarios-resolved-dlq")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
    MutinyEmitter<String> deadLetters;

    /** The record as received (key, value, headers) plus why it was refused, on scenarios.resolved.dlq. */
    public Uni<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.getHeaders().toArray());
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.getPartition()).getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.getPayload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.getKey()).withHeaders(headers).build()));
    }

    public Uni<Void> publish(ComputeEstimate stored) {
        boolean ok = stored.outcome == ComputeEstimate.Outcome.COMPUTED;
        String type = ok ? "estimator.scenario.computed" : "estimator.scenario.rejected";
        Message<String> message = Message.of(stored.event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(stored.scenarioId).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        // Deterministic id: a re-send after redelivery carries the same id, so subscribers can dedupe.
                        .withId(stored.scenarioId + ":" + type)
                        .withType(type)
                        .withSource(SOURCE)
                        .withSubject(stored.scenarioId)
                        .withTimestamp(ZonedDateTime.ofInstant(stored.createdAt, ZoneOffset.UTC))
                        .build());
        return (ok ? computed : rejected).sendMessage(message);
    }
}
