package dev.estimator.gateway.rest;

import java.util.List;

/** Thrown by resources and services; mapped to an {@code application/problem+json} response. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
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
}
