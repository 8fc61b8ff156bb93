package dev.estimator.chassis.rest;

/**
 * A failure that already knows the problem it answers. For the REST layer (resources, request binding): services
 * throw their own domain exceptions, which each service's {@code rest} package maps.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
