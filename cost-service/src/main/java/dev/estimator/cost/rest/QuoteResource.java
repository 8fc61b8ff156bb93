package dev.estimator.cost.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.event.ScenarioComputed;
import dev.estimator.cost.service.PricingService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Synchronous price of a computed scenario, through the same pricer and price book as the consumer; nothing is stored. */
@PermitAll
@Path("/quote")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Estimates")
public class QuoteResource {

    @Inject
    PricingService pricing;

    @POST
    @Operation(summary = "Price a scenarios.computed value without storing it",
            description = "Give a scenarioId for a reproducible range: without one a random id seeds it. What the consumer "
                    + "would reject on scenarios.rejected is a 400 naming the same fields.")
    public Uni<Estimate> quote(@Valid @NotNull(message = "a computed scenario is required") ScenarioComputed body) {
        return pricing.quote(body);
    }
}
