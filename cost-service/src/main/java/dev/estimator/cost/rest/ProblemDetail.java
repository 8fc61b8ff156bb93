package dev.estimator.cost.rest;

import java.util.List;

/** RFC 9457 problem details, with {@code errors[]} naming each field at fault. */
public record ProblemDetail(String type, String title, int status, String detail, List<FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldProblem(String field, String message) {
    }
}
