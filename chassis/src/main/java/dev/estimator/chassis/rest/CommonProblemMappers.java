package dev.estimator.chassis.rest;

import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.estimator.chassis.error.ConflictException;
import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.chassis.retry.TransientFailures;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The errors every service shares, as problem+json: a malformed body or a constraint violation is a 400 naming the
 * field, an HTTP error keeps its status, a dependency outage is a 503 with {@code Retry-After} (and no internal
 * address in its detail), anything else a logged 500. The services' shared domain exceptions
 * ({@code dev.estimator.chassis.error}) are 400, 404 and 409; a service adds mappers only for exceptions of its own.
 */
public class CommonProblemMappers {

    private static final Logger LOG = Logger.getLogger(CommonProblemMappers.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.fromResponse(e.problem().toResponse());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return Problem.of(400, "validation", "Invalid request", e.getMessage(),
                e.violations().stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknown(UnknownIdException e) {
        return Problem.of(404, "not-found", "Not found", e.getMessage(), List.of()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.field(409, "conflict", "Conflict", e.field(), e.getMessage()).toResponse();
    }

    /** Malformed JSON or a value of the wrong type: name the JSON path at fault. */
    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return Problem.field(400, "unreadable-body", "Malformed request body", field, e.getOriginalMessage()).toResponse();
    }

    /** Quarkus ships mappers for these that answer plain JSON; the most specific type wins, so restate them. */
    @ServerExceptionMapper(priority = 1)
    public Response unparseable(JsonParseException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response invalidFormat(InvalidFormatException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream().map(v -> {
            String path = v.getPropertyPath().toString();
            // "create.body.name" -> "name": the method and parameter names mean nothing to a client.
            String[] parts = path.split("\\.", 3);
            return new Problem.FieldError(parts.length == 3 ? parts[2] : parts[parts.length - 1], v.getMessage());
        }).toList();
        return Problem.of(400, "validation", "Invalid request", "Constraint violations", errors).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder response = Response.fromResponse(Problem.of(status, "http-" + status,
                known != null ? known.getReasonPhrase() : "Error", e.getMessage(), List.of()).toResponse());
        // A 405 must say what is allowed, a 503 when to come back: keep the headers the framework set.
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("Answered 503: a dependency is unavailable (%s)", e.toString());
            return Response.fromResponse(Problem.of(503, "unavailable", "Service Unavailable",
                    "A dependency of this service is unavailable; retry shortly.", List.of()).toResponse())
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.error("Unexpected failure", e);
        return Problem.of(500, "internal", "Internal error", "An unexpected error occurred", List.of()).toResponse();
    }
}
