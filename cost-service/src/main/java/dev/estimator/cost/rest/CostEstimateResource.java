package dev.estimator.cost.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.service.EstimateService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Final estimates exactly as published on the {@code estimates} topic. */
@PermitAll
@Path("/estimates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Estimates")
public class CostEstimateResource {

    @Inject
    EstimateService estimates;

    @GET
    @Path("/{scenarioId}")
    @Operation(summary = "The estimate of a scenario, byte for byte as published; 404 if unknown or rejected")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Estimate.class)))
    public Uni<String> get(@PathParam("scenarioId") String scenarioId) {
        return estimates.get(scenarioId);
    }

    @GET
    @Operation(summary = "Estimates, optionally of one sweep, oldest first, paged (size at most 200)")
    public Uni<EstimatePage> list(@QueryParam("sweepId") String sweepId, @QueryParam("page") @DefaultValue("0") String page,
            @QueryParam("size") @DefaultValue("20") String size) {
        Paging paging = Paging.of(page, size);
        return estimates.list(sweepId, paging.page(), paging.size()).map(EstimatePage::of);
    }
}
