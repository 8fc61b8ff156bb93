package dev.estimator.gateway.rest;

import java.util.List;
import java.util.Map;

/** Thrown by resources and services; mapped to an {@code application/problem+json} response. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail());
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(Problem.validation(List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
