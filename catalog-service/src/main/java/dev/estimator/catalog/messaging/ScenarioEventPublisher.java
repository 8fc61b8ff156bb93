package dev.estimator.catalog.messaging;

import java.net.URI;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.estimator.catalog.domain.StoredScenario;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends a stored outcome. The returned {@link Uni} completes only when the broker has acknowledged
 * the record, so the caller acknowledges its input after the output is safe (no dual write).
 */
@ApplicationScoped
public class ScenarioEventPublisher {

    static final URI SOURCE = URI.create("/catalog-service");

    @Inject
    @Channel("scenarios-resolved")
    MutinyEmitter<String> resolved;

    @Inject
    @Channel("scenarios-rejected")
    MutinyEmitter<String> rejected;

    /** Sends every outcome; completes when the broker acknowledged all of them. */
    public Uni<Void> publishAll(List<StoredScenario> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(outcomes.stream().map(this::publish).toList()).andFailFast().replaceWithVoid();
    }

    public Uni<Void> publish(StoredScenario stored) {
        boolean ok = stored.outcome == StoredScenario.Outcome.RESOLVED;
        String type = ok ? "estimator.scenario.resolved" : "estimator.scenario.rejected";
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
        return (ok ? resolved : rejected).sendMessage(message);
    }
}
