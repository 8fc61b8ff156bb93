package dev.estimator.cost.rest;

/** The request clashes with an existing row (same key): answered 409 naming the field. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
