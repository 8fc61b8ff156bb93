package dev.estimator.compute.service;

/** A value that is not a resolved scenario: dead-lettered on Kafka, 400 on REST. */
public class UnparseableScenarioException extends RuntimeException {

    private final String field;

    public UnparseableScenarioException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The request path at fault, e.g. {@code model.parameters}, or {@code value} for the whole body. */
    public String field() {
        return field;
    }
}
