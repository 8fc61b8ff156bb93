package dev.estimator.gateway.service;

/** The same Idempotency-Key came with another request than the first time; the REST layer answers 422. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String firstId;

    /** @param what "scenario" or "sweep", with the id the key was first used for */
    public IdempotencyKeyReusedException(String what, String firstId) {
        super("This Idempotency-Key was first used for " + what + " " + firstId + " with a different request body; "
                + "use a new key for a new request.", null, false, false);
        this.firstId = firstId;
    }

    public String firstId() {
        return firstId;
    }
}
