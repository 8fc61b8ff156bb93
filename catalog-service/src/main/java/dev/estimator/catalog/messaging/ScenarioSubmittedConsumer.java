package dev.estimator.catalog.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.service.ScenarioResolutionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.submitted}: resolve and store (one transaction), then publish, then the
 * offset is committed. A value that is not a scenario fails the Uni, is nacked and goes to
 * {@code scenarios.submitted.dlq} with the reason in its headers.
 */
@ApplicationScoped
public class ScenarioSubmittedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioResolutionService resolution;

    @Inject
    ScenarioEventPublisher publisher;

    @Incoming("scenarios-submitted")
    public Uni<Void> onSubmitted(String value) {
        ScenarioSubmitted submitted;
        try {
            submitted = json.readValue(value, ScenarioSubmitted.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new UnparseableEventException("Not a scenario: " + e.getMessage(), e));
        }
        if (submitted == null || submitted.scenarioId() == null || submitted.scenarioId().isBlank()) {
            return Uni.createFrom().failure(new UnparseableEventException("Scenario without scenarioId", null));
        }
        return resolution.resolve(submitted).chain(publisher::publish);
    }
}
