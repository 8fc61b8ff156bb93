package dev.estimator.gateway.messaging;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Publishes submissions on {@code scenarios.submitted}; the Uni completes when the broker acknowledged. */
@ApplicationScoped
public class SubmissionPublisher {

    static final URI SOURCE = URI.create("/gateway");
    static final String TYPE = "estimator.scenario.submitted";

    @Inject
    @Channel("scenarios-submitted")
    MutinyEmitter<String> submitted;

    public Uni<Void> publish(String scenarioId, String eventJson, java.time.Instant submittedAt) {
        return submitted.sendMessage(Message.of(eventJson)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(scenarioId).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(scenarioId + ":" + TYPE)
                        .withType(TYPE)
                        .withSource(SOURCE)
                        .withSubject(scenarioId)
                        .withTimestamp(ZonedDateTime.ofInstant(submittedAt, ZoneOffset.UTC))
                        .build()));
    }
}
