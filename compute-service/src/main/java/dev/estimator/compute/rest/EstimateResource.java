package dev.estimator.compute.rest;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.compute.domain.ComputeEstimate;
import dev.estimator.compute.service.ComputeEstimationService;
import dev.estimator.compute.service.ResolvedScenarioReader;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.estimator.chassis.rest.Problem;

@Path("/estimates")
@Produces(MediaType.APPLICATION_JSON)
public class EstimateResource {

    @Inject
    ResolvedScenarioReader reader;

    @Inject
    ComputeEstimationService estimation;

    /**
     * Synchronous estimate of a resolved scenario (the scenarios.resolved value), by the consumer's code path.
     * Nothing is stored or published: the answer is the scenarios.computed value it would produce.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ObjectNode estimate(String body) {
        var evaluation = estimation.evaluate(reader.read(body), Instant.now());
        if (!evaluation.ok()) {
            throw new InvalidScenarioException("The scenario cannot be estimated",
                    evaluation.errors().stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList());
        }
        return evaluation.computed();
    }

    /** The stored outcome of a scenario: the scenarios.computed (or scenarios.rejected) value as published. */
    @GET
    @Path("/{scenarioId}")
    @WithSession
    public Uni<String> get(@PathParam("scenarioId") String scenarioId) {
        return ComputeEstimate.<ComputeEstimate>findById(scenarioId)
                .onItem().ifNull().failWith(() -> new NotFoundException("No compute estimate for scenario '" + scenarioId + "'"))
                .map(e -> e.event);
    }
}
