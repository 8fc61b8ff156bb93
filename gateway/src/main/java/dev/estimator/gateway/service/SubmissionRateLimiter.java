package dev.estimator.gateway.service;

import java.util.concurrent.ConcurrentHashMap;

import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.estimate.TokenBucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-client token buckets for submissions, keyed by JWT subject, two per client:
 * <ul>
 * <li>requests: every POST /scenarios and /sweeps takes one before its body is read (a client sending bad bodies in a
 * loop is limited like any other);</li>
 * <li>scenarios: what a submission stores, one per scenario and one per member of a sweep, taken once the sweep's size
 * is known and before it is expanded, so a 10,000-member sweep costs what 10,000 scenarios cost.</li>
 * </ul>
 * Per replica: with N replicas a client gets up to N times the rate, which is enough to protect Kafka and the
 * pipeline from one runaway client.
 */
@ApplicationScoped
public class SubmissionRateLimiter {

    /** Above this many clients, idle (full) buckets are dropped so the maps cannot grow without bound. */
    private static final int MAX_CLIENTS = 100_000;

    @Inject
    GatewayConfig.RateLimit limit;

    private final ConcurrentHashMap<String, TokenBucket> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> scenarios = new ConcurrentHashMap<>();

    /** Takes a request token for {@code clientId}, or throws {@link RateLimitedException} telling when to retry. */
    public void acquire(String clientId) {
        if (!limit.enabled()) {
            return;
        }
        int capacity = limit.submissions().capacity();
        double perSecond = limit.submissions().perSecond();
        long waitNanos = take(requests, clientId, capacity, perSecond, 1);
        if (waitNanos > 0) {
            long retryAfter = seconds(waitNanos);
            throw new RateLimitedException("Submission rate limit: " + capacity + " requests at once, then " + perSecond
                    + " per second per client. Retry in " + retryAfter + " s.", retryAfter);
        }
    }

    /** The most scenarios a client can submit at once (the largest sweep the rate limit lets through), if limited. */
    public int maxScenariosAtOnce() {
        return limit.enabled() ? limit.scenarios().capacity() : Integer.MAX_VALUE;
    }

    /**
     * Takes {@code count} scenario tokens for {@code clientId}, or none and throws {@link RateLimitedException} with
     * the time until the bucket holds that many. The caller refuses counts above {@link #maxScenariosAtOnce()} first.
     */
    public void acquireScenarios(String clientId, long count) {
        if (!limit.enabled()) {
            return;
        }
        int capacity = limit.scenarios().capacity();
        double perSecond = limit.scenarios().perSecond();
        long waitNanos = take(scenarios, clientId, capacity, perSecond, count);
        if (waitNanos > 0) {
            long retryAfter = seconds(waitNanos);
            throw new RateLimitedException("Scenario rate limit: " + count + " scenario(s) asked for; a client may submit "
                    + capacity + " scenarios at once (a sweep counts each member), then " + perSecond
                    + " per second. Retry in " + retryAfter + " s.", retryAfter);
        }
    }

    /**
     * Gives back scenario tokens taken for scenarios that were not stored: the gateway failed (its database, a lost race
     * for an Idempotency-Key), so the client's retry is not charged twice. A client's own mistakes (invalid members)
     * stay charged, as a request with an invalid body does.
     */
    public void refundScenarios(String clientId, long count) {
        TokenBucket bucket = scenarios.get(clientId);
        if (bucket != null && limit.enabled()) {
            bucket.giveBack(System.nanoTime(), count);
        }
    }

    private static long take(ConcurrentHashMap<String, TokenBucket> buckets, String clientId, int capacity, double perSecond,
            long count) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(clientId, id -> new TokenBucket(capacity, perSecond, now)).tryTake(now, count);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (long) Math.ceil(nanos / 1e9));
    }
}
