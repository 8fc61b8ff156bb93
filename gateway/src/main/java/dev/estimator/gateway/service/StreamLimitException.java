package dev.estimator.gateway.service;

/**
 * A stream of estimates was refused before it opened: its client already has the most streams one client may hold
 * ({@link #perClient()}: the REST layer answers 429), or the replica serves the most streams it may ({@code 503}).
 */
public class StreamLimitException extends RuntimeException {

    private final boolean perClient;
    private final int limit;
    private final long retryAfterSeconds;

    public StreamLimitException(boolean perClient, int limit, long retryAfterSeconds) {
        super(perClient ? "at most " + limit + " streams per client" : "at most " + limit + " streams in all", null, false, false);
        this.perClient = perClient;
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public boolean perClient() {
        return perClient;
    }

    public int limit() {
        return limit;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
