package dev.estimator.gateway.service;

import java.util.List;

import dev.estimator.chassis.rest.Problem.FieldError;

/** A request the gateway refuses before anything is stored; becomes a 400 problem naming each field. */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
