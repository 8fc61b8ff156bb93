package dev.estimator.cost.rest;

/** A path id that names nothing: answered 404. */
public class UnknownIdException extends RuntimeException {
    public UnknownIdException(String message) {
        super(message);
    }
}
