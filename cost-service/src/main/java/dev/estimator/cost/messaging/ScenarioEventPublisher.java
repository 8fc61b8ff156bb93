package dev.estimator.cost.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.estimator.cost.domain.CostEstimate;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends stored outcomes and dead letters. Every returned {@link Uni} completes only when the broker has
 * acknowledged the record(s), so the caller acknowledges its input after the output is safe (no dual write).
 */
@ApplicationScoped
public class ScenarioEventPublisher {

    static final URI SOURCE = URI.create("/cost-service");
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    // Buffers hold a whole poll (max.poll.records) of outputs sent at once.
    @Inject
    @Channel("estimates")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> estimates;

    @Inject
    @Channel("scenarios-rejected")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> rejected;

    @Inject
    @Channel("scenarios-computed-dlq")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> deadLetters;

    public Uni<Void> publish(CostEstimate stored) {
        boolean ok = stored.outcome == CostEstimate.Outcome.COMPLETED;
        String type = ok ? "estimator.estimate.completed" : "estimator.scenario.rejected";
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
        return (ok ? estimates : rejected).sendMessage(message);
    }

    /** Sends all and completes when the broker acknowledged every one (fails if any send fails). */
    public Uni<Void> publishAll(List<CostEstimate> stored) {
        if (stored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(stored.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    /** The unparseable value, byte for byte with its key, to {@code scenarios.computed.dlq} with the reason. */
    public Uni<Void> deadLetter(String key, String value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        Message<String> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build());
        return deadLetters.sendMessage(message);
    }
}
