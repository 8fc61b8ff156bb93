package dev.estimator.gateway.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.messaging.SubmissionPublisher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Registers a submission and publishes it. The registry row is committed first, then the event is
 * sent; the caller answers 202 only after the broker acknowledged. If the broker refuses, the row is
 * removed again so no scenario stays PENDING forever.
 */
@ApplicationScoped
public class ScenarioSubmissionService {

    @Inject
    ObjectMapper json;

    @Inject
    SubmissionPublisher publisher;

    private final Clock clock = Clock.systemUTC();

    public Uni<Scenario> submit(ObjectNode request, String sweepId) {
        Scenario scenario = new Scenario();
        scenario.id = UUID.randomUUID().toString();
        scenario.sweepId = sweepId;
        scenario.status = Scenario.Status.PENDING;
        scenario.submittedAt = clock.instant();
        scenario.request = write(request);
        String event = write(submittedEvent(scenario.id, sweepId, scenario.submittedAt, request));
        return Panache.withTransaction(() -> scenario.<Scenario>persist())
                .chain(saved -> publisher.publish(saved.id, event, saved.submittedAt)
                        .onFailure().call(e -> Panache.withTransaction(() -> Scenario.deleteById(saved.id)))
                        .replaceWith(saved));
    }

    /** DESIGN section 3: the request plus scenarioId, sweepId and submittedAt. */
    ObjectNode submittedEvent(String id, String sweepId, Instant submittedAt, ObjectNode request) {
        ObjectNode event = json.createObjectNode();
        event.put("scenarioId", id);
        event.put("sweepId", sweepId);
        event.put("submittedAt", submittedAt.toString());
        event.setAll(request);
        return event;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
