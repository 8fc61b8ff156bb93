package dev.estimator.compute.rest;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.estimator.compute.service.UnparseableScenarioException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Every error leaves as application/problem+json; a user mistake is never a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String TYPE = "https://estimator.dev/problems/";

    @ServerExceptionMapper
    public Response invalid(InvalidScenarioException e) {
        return problem(400, "invalid-scenario", "Invalid scenario", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unparseable(UnparseableScenarioException e) {
        return problem(400, "invalid-scenario", "Invalid scenario", "The body is not a resolved scenario",
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return problem(400, "invalid-json", "Malformed JSON", e.getOriginalMessage(),
                List.of(new Problem.FieldError("body", e.getOriginalMessage())));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(404, "not-found", "Not found", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected error", e);
        return problem(500, "internal", "Internal error", "An unexpected error occurred", List.of());
    }

    static Response problem(int status, String type, String title, String detail, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE + type, title, status, detail, errors)).build();
    }
}
