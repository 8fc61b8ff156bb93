package dev.estimator.compute.rest;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.compute.service.UnparseableScenarioException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

/**
 * This service's own failures as problem+json; malformed bodies, HTTP errors, outages and the unexpected are mapped
 * once for every service by the chassis {@code CommonProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidScenarioException e) {
        return Problem.of(400, "invalid-scenario", "Invalid scenario", e.getMessage(), e.errors()).toResponse();
    }

    @ServerExceptionMapper
    public Response unparseable(UnparseableScenarioException e) {
        return Problem.of(400, "invalid-scenario", "Invalid scenario", "The body is not a resolved scenario",
                List.of(new Problem.FieldError(e.field(), e.getMessage()))).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "Not found", e.getMessage(), List.of()).toResponse();
    }
}
