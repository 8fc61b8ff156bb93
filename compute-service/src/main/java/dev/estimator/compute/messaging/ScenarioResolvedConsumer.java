package dev.estimator.compute.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.compute.service.ComputeEstimationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.resolved}: compute and store (one transaction), then publish, then the
 * offset is committed. A value that is not a resolved scenario is dead-lettered.
 */
@ApplicationScoped
public class ScenarioResolvedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    ComputeEstimationService estimation;

    @Inject
    ScenarioEventPublisher publisher;

    @Incoming("scenarios-resolved")
    public Uni<Void> onResolved(String value) {
        ScenarioResolved resolved;
        try {
            resolved = json.readValue(value, ScenarioResolved.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new UnparseableEventException("Not a resolved scenario: " + e.getMessage(), e));
        }
        if (resolved == null || resolved.scenarioId() == null || resolved.model() == null || resolved.training() == null
                || resolved.hardware() == null) {
            return Uni.createFrom().failure(new UnparseableEventException("Resolved scenario without id, model, training or hardware", null));
        }
        return estimation.computeAndStore(resolved).chain(publisher::publish);
    }
}
