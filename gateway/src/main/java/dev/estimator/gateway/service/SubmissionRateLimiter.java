package dev.estimator.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.estimate.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-client token buckets for submissions (scenarios and sweeps), keyed by JWT subject. Per replica:
 * with N replicas a client gets up to N times the rate, which is enough to protect Kafka and the
 * pipeline from one runaway client.
 */
@ApplicationScoped
public class SubmissionRateLimiter {

    /** Above this many clients, idle (full) buckets are dropped so the map cannot grow without bound. */
    private static final int MAX_CLIENTS = 100_000;

    @Inject
    GatewayConfig.RateLimit limit;

    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token for {@code clientId}, or throws {@link RateLimitedException} telling when to retry. */
    public void acquire(String clientId) {
        if (!limit.enabled()) {
            return;
        }
        int capacity = limit.submissions().capacity();
        double perSecond = limit.submissions().perSecond();
        long now = System.nanoTime();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        long waitNanos = buckets.computeIfAbsent(clientId, id -> new TokenBucket(capacity, perSecond, now)).tryTake(now);
        if (waitNanos > 0) {
            long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
            throw new RateLimitedException("Submission rate limit: " + capacity + " at once, then " + perSecond
                    + " per second per client. Retry in " + retryAfter + " s.", retryAfter);
        }
    }
}
