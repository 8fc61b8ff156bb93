package dev.estimator.gateway.service;

/**
 * Other sweeps fill this replica's expansion budget ({@link ExpansionBudget}) right now. Nothing was stored and no rate
 * limit was taken; the REST layer answers 503 with Retry-After.
 */
public class SweepsBusyException extends RuntimeException {

    public SweepsBusyException() {
        super("The gateway is expanding other large sweeps right now and has no room for this one; nothing was stored. "
                + "Retry in a few seconds.", null, false, false);
    }
}
