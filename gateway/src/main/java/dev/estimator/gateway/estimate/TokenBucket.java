package dev.estimator.gateway.estimate;

/**
 * A token bucket: bursts up to {@code capacity}, then {@code refillPerSecond} on average. Thread-safe;
 * time is passed in so it can be tested without sleeping.
 */
public final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double capacity, double refillPerSecond, long nowNanos) {
        if (capacity < 1 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and refill > 0");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one token.
     *
     * @return 0 if allowed, else the nanoseconds until a token will be available
     */
    public synchronized long tryTake(long nowNanos) {
        return tryTake(nowNanos, 1);
    }

    /**
     * Takes {@code n} tokens at once, or none.
     *
     * @return 0 if allowed, else the nanoseconds until {@code n} tokens will be available ({@link Long#MAX_VALUE} if
     *         {@code n} is more than the bucket holds)
     */
    public synchronized long tryTake(long nowNanos, double n) {
        if (n > capacity) {
            return Long.MAX_VALUE;
        }
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        return (long) Math.ceil((n - tokens) / refillPerNano);
    }

    /** Puts back {@code n} tokens taken for work that did not happen, up to the capacity. */
    public synchronized void giveBack(long nowNanos, double n) {
        refill(nowNanos);
        tokens = Math.min(capacity, tokens + n);
    }

    public double capacity() {
        return capacity;
    }

    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            lastNanos = nowNanos;
        }
    }
}
