package dev.estimator.cost.event;

/** A Kafka value that is not the event its topic carries; it is dead-lettered, never retried. */
public class UnparseableEventException extends RuntimeException {
    public UnparseableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
