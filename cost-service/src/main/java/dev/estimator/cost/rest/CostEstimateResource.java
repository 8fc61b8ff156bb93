package dev.estimator.cost.rest;

import dev.estimator.cost.domain.CostEstimate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/estimates")
@Produces(MediaType.APPLICATION_JSON)
public class CostEstimateResource {

    /** The final estimate of a scenario as published on the estimates topic. */
    @GET
    @Path("/{scenarioId}")
    @WithSession
    public Uni<String> get(@PathParam("scenarioId") String scenarioId) {
        return CostEstimate.<CostEstimate>findById(scenarioId)
                .onItem().ifNull().failWith(() -> new NotFoundException("No estimate for scenario '" + scenarioId + "'"))
                .map(e -> e.event);
    }
}
