package dev.estimator.chassis.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details, the body of every error any service answers, with {@code errors[]} naming each field
 * at fault ({@code field} is the request path, e.g. {@code hardware.accelerator} or {@code page}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://estimator.dev/problems/";

    public record FieldError(String field, String message) {
    }

    /** A problem without a more specific type than its status (RFC 9457's {@code about:blank}). */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    /** @param slug appended to {@link #TYPE_PREFIX}, e.g. {@code validation}, {@code not-found} */
    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, errors == null ? List.of() : List.copyOf(errors));
    }

    public static Problem validation(List<FieldError> errors) {
        return of(400, "validation", "Invalid request", errors.size() + " field(s) are invalid", errors);
    }

    public static Problem field(int status, String slug, String title, String field, String message) {
        return of(status, slug, title, message, List.of(new FieldError(field, message)));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
