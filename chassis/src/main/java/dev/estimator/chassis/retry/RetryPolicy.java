package dev.estimator.chassis.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.estimator.chassis.lifecycle.Draining;
import dev.estimator.chassis.lifecycle.HandedBack;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Waits out transient failures: retries the work with capped exponential backoff and jitter, for as long as it
 * takes, while {@link PausedStages} reports the stage not ready. A failure that is not transient is returned
 * at once, so the caller can isolate the record at fault; a stop of the service ends the wait with
 * {@link HandedBack}. The waits run on the caller's Vert.x context, so
 * reactive sessions opened by the retried work stay on the right thread.
 */
@ApplicationScoped
public class RetryPolicy {

    @ConfigProperty(name = "estimator.retry.initial-backoff", defaultValue = "100ms")
    Duration initialBackoff;

    @ConfigProperty(name = "estimator.retry.max-backoff", defaultValue = "5s")
    Duration maxBackoff;

    @Inject
    PausedStages paused;

    @Inject
    Draining draining;

    /** Runs {@code work} until it succeeds or fails for a reason that waiting cannot cure. */
    public <T> Uni<T> untilDone(String stage, Supplier<Uni<T>> work) {
        return attempt(stage, work, 0);
    }

    private <T> Uni<T> attempt(String stage, Supplier<Uni<T>> work, int failures) {
        return Uni.createFrom().<T> deferred(work::get)
                .invoke(() -> {
                    if (failures > 0) {
                        paused.resumed(stage);
                    }
                })
                .onFailure(TransientFailures::isTransient).recoverWithUni(failure -> {
                    paused.paused(stage, failure);
                    return delay(backoff(failures)).chain(() -> {
                        if (draining != null && draining.isStopping()) {
                            // A stopping service gives the work back rather than wait for a dependency.
                            paused.resumed(stage);
                            return Uni.createFrom().failure(new HandedBack("Stopping while " + stage + " waited for a dependency"));
                        }
                        return attempt(stage, work, failures + 1);
                    });
                });
    }

    /** The wait before retry number {@code failures + 1}: doubling from the initial backoff, capped, with +-20% jitter. */
    public Duration backoff(int failures) {
        long base = initialBackoff.toMillis() << Math.min(failures, 20);
        long capped = Math.min(Math.max(base, 1), maxBackoff.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }

    static Uni<Void> delay(Duration wait) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        }
        return Uni.createFrom().emitter(emitter -> context.owner()
                .setTimer(wait.toMillis(), id -> context.runOnContext(v -> emitter.complete(null))));
    }
}
