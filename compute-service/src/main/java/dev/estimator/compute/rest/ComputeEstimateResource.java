package dev.estimator.compute.rest;

import dev.estimator.compute.domain.ComputeEstimate;
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
public class ComputeEstimateResource {

    /** The stored outcome of a scenario: the scenarios.computed (or scenarios.rejected) event as published. */
    @GET
    @Path("/{scenarioId}")
    @WithSession
    public Uni<String> get(@PathParam("scenarioId") String scenarioId) {
        return ComputeEstimate.<ComputeEstimate>findById(scenarioId)
                .onItem().ifNull().failWith(() -> new NotFoundException("No compute estimate for scenario '" + scenarioId + "'"))
                .map(e -> e.event);
    }
}
