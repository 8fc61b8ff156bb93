package dev.estimator.gateway.messaging;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.domain.Scenario;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the scenario registry current from {@code estimates} and {@code scenarios.rejected}. A
 * scenario that already finished is left as it is, so redelivered events change nothing.
 */
@ApplicationScoped
public class RegistryUpdater {

    @Inject
    ObjectMapper json;

    @Incoming("estimates-registry")
    public Uni<Void> onEstimate(String value) {
        return finish(value, Scenario.Status.COMPLETED);
    }

    @Incoming("rejections-registry")
    public Uni<Void> onRejection(String value) {
        return finish(value, Scenario.Status.REJECTED);
    }

    private Uni<Void> finish(String value, Scenario.Status status) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Not JSON: " + e.getMessage(), e));
        }
        String id = event == null ? null : event.path("scenarioId").asText(null);
        if (id == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Event without scenarioId"));
        }
        return Panache.withTransaction(() -> Scenario.<Scenario>findById(id).invoke(scenario -> {
            // Unknown id: a scenario submitted through another registry (or a replayed topic); nothing to update.
            if (scenario != null && scenario.status == Scenario.Status.PENDING) {
                scenario.status = status;
                scenario.result = value;
                scenario.finishedAt = Instant.now();
            }
        })).replaceWithVoid();
    }
}
