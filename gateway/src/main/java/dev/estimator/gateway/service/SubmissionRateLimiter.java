package dev.estimator.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.chassis.rest.ProblemException;
import dev.estimator.gateway.estimate.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-client token buckets for submissions (scenarios and sweeps), keyed by JWT subject. Per replica:
 * with N replicas a client gets up to N times the rate, which is enough to protect Kafka and the
 * pipeline from one runaway client.
 */
@ApplicationScoped
public class SubmissionRateLimiter {

    /** Above this many clients, idle (full) buckets are dropped so the map cannot grow without bound. */
    private static final int MAX_CLIENTS = 100_000;

    @ConfigProperty(name = "gateway.rate-limit.submissions.capacity", defaultValue = "50")
    int capacity;

    @ConfigProperty(name = "gateway.rate-limit.submissions.per-second", defaultValue = "20")
    double perSecond;

    @ConfigProperty(name = "gateway.rate-limit.enabled", defaultValue = "true")
    boolean enabled;

    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token for {@code clientId}, or throws a 429 problem telling when to retry. */
    public void acquire(String clientId) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        long waitNanos = buckets.computeIfAbsent(clientId, id -> new TokenBucket(capacity, perSecond, now)).tryTake(now);
        if (waitNanos > 0) {
            long retryAfter = Math.max(1, (long) Math.ceil(waitNanos / 1e9));
            throw new ProblemException(new Problem("https://estimator.dev/problems/rate-limited", "Too Many Requests", 429,
                    "Submission rate limit: " + capacity + " at once, then " + perSecond + " per second per client. Retry in "
                            + retryAfter + " s.", null, null), java.util.Map.of("Retry-After", String.valueOf(retryAfter)));
        }
    }
}
