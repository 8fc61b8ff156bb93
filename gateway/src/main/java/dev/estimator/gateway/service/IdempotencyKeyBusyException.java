package dev.estimator.gateway.service;

/**
 * Another request with the same Idempotency-Key held the key while this one tried to store, and neither its result nor
 * the key can be read now (it failed and was rolled back, or its key expired meanwhile). Retrying is safe: the REST layer
 * answers 409 with Retry-After.
 */
public class IdempotencyKeyBusyException extends RuntimeException {

    public IdempotencyKeyBusyException(String what) {
        super("Another request with this Idempotency-Key was storing a " + what + " at the same time and did not finish; "
                + "nothing was stored for this one. Retry with the same key.", null, false, false);
    }
}
