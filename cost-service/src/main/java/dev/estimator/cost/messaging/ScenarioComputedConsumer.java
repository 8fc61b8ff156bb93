package dev.estimator.cost.messaging;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.service.PricingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes {@code scenarios.computed}: price and store (one transaction), then publish on
 * {@code estimates}, then the offset is committed. A value that is not a computed scenario is dead-lettered.
 */
@ApplicationScoped
public class ScenarioComputedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    PricingService pricing;

    @Inject
    ScenarioEventPublisher publisher;

    @Incoming("scenarios-computed")
    public Uni<Void> onComputed(String value) {
        ScenarioComputed computed;
        try {
            computed = json.readValue(value, ScenarioComputed.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new UnparseableEventException("Not a computed scenario: " + e.getMessage(), e));
        }
        if (computed == null || computed.scenarioId() == null || computed.compute() == null || computed.hardware() == null) {
            return Uni.createFrom().failure(new UnparseableEventException("Computed scenario without id, hardware or compute", null));
        }
        return pricing.priceAndStore(computed).chain(publisher::publish);
    }
}
