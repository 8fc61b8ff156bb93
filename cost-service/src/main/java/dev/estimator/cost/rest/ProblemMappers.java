package dev.estimator.cost.rest;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.estimator.chassis.rest.Problem;
import jakarta.ws.rs.core.Response;

/**
 * This service's own failures as problem+json; malformed bodies, constraint violations, HTTP errors, outages and
 * the unexpected are mapped once for every service by the chassis {@code CommonProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return Problem.of(400, "validation", "Invalid request", e.getMessage(), e.errors()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknown(UnknownIdException e) {
        return Problem.of(404, "not-found", "Not found", e.getMessage(), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.field(409, "conflict", "Conflict", e.field(), e.getMessage()).toResponse();
    }
}
