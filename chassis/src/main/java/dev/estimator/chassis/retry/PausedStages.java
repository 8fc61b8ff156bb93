package dev.estimator.chassis.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which stages of this service are waiting for a dependency (the database, the broker) right now. While one
 * is, the service is not ready: a load balancer or a rollout should not count on it, but it is alive and will
 * resume by itself, so liveness stays UP and nothing restarts it.
 */
@ApplicationScoped
public class PausedStages {

    private static final Logger LOG = Logger.getLogger(PausedStages.class);

    record Pause(Instant since, String cause, int attempts) {
    }

    private final Map<String, Pause> paused = new ConcurrentHashMap<>();

    /** Marks {@code stage} as waiting; the first attempt of an outage is logged, later ones only counted. */
    public void paused(String stage, Throwable cause) {
        paused.compute(stage, (s, p) -> {
            if (p == null) {
                LOG.warnf("%s paused: waiting for a dependency (%s). Nothing is dead-lettered; it resumes by itself.", stage,
                        describe(cause));
                return new Pause(Instant.now(), describe(cause), 1);
            }
            return new Pause(p.since(), describe(cause), p.attempts() + 1);
        });
    }

    public void resumed(String stage) {
        Pause p = paused.remove(stage);
        if (p != null) {
            LOG.infof("%s resumed after %d s and %d attempt(s)", stage, Duration.between(p.since(), Instant.now()).toSeconds(),
                    p.attempts());
        }
    }

    public boolean isPaused(String stage) {
        return paused.containsKey(stage);
    }

    public boolean anyPaused() {
        return !paused.isEmpty();
    }

    /** The readiness check's view: DOWN with one entry per paused stage. */
    HealthCheckResponse health() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("stages").status(paused.isEmpty());
        paused.forEach((stage, p) -> response.withData(stage,
                "paused since " + p.since() + " (" + p.attempts() + " attempts): " + p.cause()));
        return response.build();
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
