package dev.estimator.chassis.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class RetryPolicyTest {

    private static RetryPolicy policy(PausedStages paused) {
        RetryPolicy policy = new RetryPolicy();
        policy.initialBackoff = Duration.ofMillis(10);
        policy.maxBackoff = Duration.ofMillis(80);
        policy.paused = paused;
        return policy;
    }

    @Test
    void backoffDoublesUpToTheCapWithJitter() {
        RetryPolicy policy = policy(new PausedStages());
        for (int i = 0; i < 200; i++) {
            long first = policy.backoff(0).toMillis();
            assertTrue(first >= 8 && first <= 12, "first wait " + first);
            long third = policy.backoff(2).toMillis();
            assertTrue(third >= 32 && third <= 48, "third wait " + third);
            long late = policy.backoff(40).toMillis();
            assertTrue(late >= 64 && late <= 96, "capped wait " + late);
        }
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceedsAndTheStageIsPausedMeanwhile() {
        PausedStages paused = new PausedStages();
        AtomicInteger attempts = new AtomicInteger();
        boolean[] pausedDuringOutage = new boolean[1];
        String result = policy(paused).untilDone("stage", () -> {
            int n = attempts.incrementAndGet();
            if (n > 1) {
                pausedDuringOutage[0] |= paused.isPaused("stage");
            }
            return n < 4 ? Uni.createFrom().failure(new ConnectException("refused")) : Uni.createFrom().item("done");
        }).await().atMost(Duration.ofSeconds(5));

        assertEquals("done", result);
        assertEquals(4, attempts.get());
        assertTrue(pausedDuringOutage[0], "readiness is DOWN while waiting");
        assertFalse(paused.isPaused("stage"), "and UP again once the dependency is back");
        assertEquals("UP", paused.health().getStatus().name());
    }

    @Test
    void aFailureThatWaitingCannotCureIsReturnedAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalArgumentException bad = new IllegalArgumentException("bad record");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> policy(new PausedStages())
                .untilDone("stage", () -> {
                    attempts.incrementAndGet();
                    return Uni.createFrom().failure(bad);
                }).await().atMost(Duration.ofSeconds(5)));
        assertSame(bad, thrown);
        assertEquals(1, attempts.get());
    }
}
