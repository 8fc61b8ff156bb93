package dev.estimator.cost.rest;

import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Every error leaves as application/problem+json (RFC 9457); user mistakes are 4xx, never 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPE = "https://estimator.dev/problems/";

    static Response problem(int status, String slug, String title, String detail, List<ProblemDetail.FieldProblem> errors) {
        return Response.status(status)
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(new ProblemDetail(TYPE + slug, title, status, detail, errors))
                .build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return problem(400, "validation", "Invalid request", e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownIdException e) {
        return problem(404, "not-found", "Not found", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(409, "conflict", "Conflict", e.getMessage(), List.of(new ProblemDetail.FieldProblem(e.field(), e.getMessage())));
    }

    /** Malformed JSON or a value of the wrong type (e.g. an invalid date): name the JSON path at fault. */
    @ServerExceptionMapper(priority = 1)
    public Response unreadable(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = e.getOriginalMessage();
        return problem(400, "unreadable-body", "Malformed request body", message,
                List.of(new ProblemDetail.FieldProblem(field, message)));
    }

    /** Wins over Quarkus' built-in mapper of this type, which answers plain JSON without the field path. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<ProblemDetail.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> {
                    String path = v.getPropertyPath().toString();
                    // "create.body.pricePerHour" -> "pricePerHour": method and parameter names mean nothing to a client.
                    String[] parts = path.split("\\.", 3);
                    return new ProblemDetail.FieldProblem(parts.length == 3 ? parts[2] : parts[parts.length - 1], v.getMessage());
                }).toList();
        return problem(400, "validation", "Invalid request", "Constraint violations", errors);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return problem(status, "http-" + status, known != null ? known.getReasonPhrase() : "Error", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected failure", e);
        return problem(500, "internal", "Internal error", "An unexpected error occurred", List.of());
    }
}
