package dev.estimator.compute.rest;

import java.util.List;

/** RFC 9457 problem details, with the fields at fault. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }
}
