package dev.estimator.gateway.service;

import java.util.List;

import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.rest.Problem.FieldError;

/** A scenario request the binder refuses before anything is stored, naming each field; a 400 like any invalid input. */
public class InvalidRequestException extends InvalidInputException {

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.stream().map(e -> new Violation(e.field(), e.message())).toList());
    }

    public List<FieldError> errors() {
        return violations().stream().map(v -> new FieldError(v.field(), v.message())).toList();
    }
}
