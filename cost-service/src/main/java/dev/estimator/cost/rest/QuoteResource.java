package dev.estimator.cost.rest;

import java.util.UUID;

import dev.estimator.cost.messaging.Estimate;
import dev.estimator.cost.messaging.ScenarioComputed;
import dev.estimator.cost.service.PricingOutcome;
import dev.estimator.cost.service.PricingService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.estimator.chassis.rest.Problem;

/**
 * Synchronous price of a computed scenario (the {@code scenarios.computed} value), through the same
 * pricer and price book as the consumer. Nothing is stored. Without a scenarioId a random one is used,
 * so give one to get a reproducible range.
 */
@Path("/quote")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuoteResource {

    @Inject
    PricingService pricing;

    @POST
    public Uni<Estimate> quote(ScenarioComputed body) {
        if (body == null) {
            throw InvalidInputException.of("body", "a computed scenario is required");
        }
        if (body.compute() == null) {
            throw InvalidInputException.of("compute", "the compute block is required (compute.gpuHours at least)");
        }
        ScenarioComputed scenario = body.scenarioId() != null && !body.scenarioId().isBlank() ? body
                : new ScenarioComputed(UUID.randomUUID().toString(), body.sweepId(), body.name(), body.hardware(), body.pricing(),
                        body.serving(), body.programme(), body.compute());
        return pricing.quote(scenario).map(outcome -> {
            if (outcome instanceof PricingOutcome.Rejected rejected) {
                throw new InvalidInputException(rejected.errors().stream()
                        .map(e -> new Problem.FieldError(e.field(), e.message())).toList());
            }
            return ((PricingOutcome.Priced) outcome).estimate();
        });
    }
}
