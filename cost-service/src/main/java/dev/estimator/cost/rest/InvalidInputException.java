package dev.estimator.cost.rest;

import java.util.List;

/** A request the user must fix: answered 400 with one entry per field at fault. */
public class InvalidInputException extends RuntimeException {

    private final List<ProblemDetail.FieldProblem> errors;

    public InvalidInputException(List<ProblemDetail.FieldProblem> errors) {
        super(errors.size() + " invalid field(s): " + errors);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new ProblemDetail.FieldProblem(field, message)));
    }

    public List<ProblemDetail.FieldProblem> errors() {
        return errors;
    }
}
