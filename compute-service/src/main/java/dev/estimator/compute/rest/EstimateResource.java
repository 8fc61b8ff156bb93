package dev.estimator.compute.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.compute.event.Computation;
import dev.estimator.compute.event.ScenarioRejected;
import dev.estimator.compute.event.ScenarioResolved;
import dev.estimator.compute.service.ComputeEstimationService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Compute estimates. The body and answer are the event values (docs/events.md): the resolved scenario goes through
 * as a JSON object, so that every field of it reaches the answer unchanged, as on Kafka.
 */
@Path("/estimates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Estimates")
public class EstimateResource {

    @Inject
    ComputeEstimationService estimation;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Estimate a resolved scenario now", description = "By the consumer's code path; nothing is stored or "
            + "published. The answer is the scenarios.computed value the consumer would produce.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ScenarioResolved.class)))
    @APIResponse(responseCode = "200", description = "The resolved scenario, every field passed through, plus computedAt and compute",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScenarioComputed.class)))
    @APIResponse(responseCode = "400", description = "Not a resolved scenario, or one the consumer would reject; each field named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ObjectNode estimate(ObjectNode body) {
        return estimation.estimateNow(body);
    }

    @GET
    @Path("/{scenarioId}")
    @Operation(summary = "The stored outcome of a scenario", description = "The scenarios.computed or scenarios.rejected value "
            + "exactly as published.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            ScenarioComputed.class, ScenarioRejected.class })))
    @APIResponse(responseCode = "404", description = "No outcome for this scenario id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> get(@PathParam("scenarioId") @NotBlank String scenarioId) {
        return estimation.storedEvent(scenarioId);
    }

    /** The scenarios.computed value, for the OpenAPI document only: the service builds it as a JSON object. */
    @Schema(name = "ScenarioComputed", allOf = { ScenarioResolved.class, Computation.class },
            description = "The resolved scenario, every field passed through, plus computedAt and compute (scenarios.computed)")
    interface ScenarioComputed {
    }
}
