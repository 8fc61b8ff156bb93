package dev.estimator.gateway.messaging;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.domain.ScenarioRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Publishes submissions on {@code scenarios.submitted}; every Uni completes when the broker acknowledged. */
@ApplicationScoped
public class SubmissionPublisher {

    static final URI SOURCE = URI.create("/gateway");
    static final String TYPE = "estimator.scenario.submitted";
    /** Sends in flight at once for a sweep: enough to fill producer batches, bounded so the emitter buffer never overflows. */
    static final int SWEEP_CONCURRENCY = 512;

    @Inject
    @Channel("scenarios-submitted")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    MutinyEmitter<String> submitted;

    @Inject
    ObjectMapper json;

    /** (Re)publishes a registered scenario from its stored request; a re-send carries the same ce_id. */
    public Uni<Void> publish(Scenario scenario, ScenarioRequest request) {
        return publish(scenario.id, write(ScenarioSubmittedEvent.of(scenario.id, scenario.sweepId, scenario.submittedAt, request)),
                scenario.submittedAt);
    }

    /** Publishes every member of a sweep and completes when the broker acknowledged all of them. */
    public Uni<Void> publishAll(List<Scenario> scenarios, List<ScenarioRequest> requests) {
        return Multi.createFrom().range(0, scenarios.size())
                .onItem().transformToUni(i -> publish(scenarios.get(i), requests.get(i))).merge(SWEEP_CONCURRENCY)
                .collect().last().replaceWithVoid();
    }

    Uni<Void> publish(String scenarioId, String eventJson, Instant submittedAt) {
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
