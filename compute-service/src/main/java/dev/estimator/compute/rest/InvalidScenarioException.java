package dev.estimator.compute.rest;

import java.util.List;

import dev.estimator.chassis.rest.Problem;

/** A request the estimator cannot answer, with the fields to fix. */
public class InvalidScenarioException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidScenarioException(String message, List<Problem.FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
