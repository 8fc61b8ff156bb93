package dev.estimator.gateway.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 9457 problem details, with {@code errors[]} naming the fields at fault for validation problems. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    public static Problem validation(List<FieldError> errors) {
        return new Problem("https://estimator.dev/problems/validation", "Invalid request", 400,
                errors.size() + " field(s) are invalid", null, errors);
    }
}
