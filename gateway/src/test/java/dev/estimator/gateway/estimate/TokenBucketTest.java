package dev.estimator.gateway.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(3, 2, 0);
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        assertEquals(0, bucket.tryTake(0));
        long wait = bucket.tryTake(0);
        assertEquals(SECOND / 2, wait, 1_000, "one token every half second");
        assertTrue(bucket.tryTake(SECOND / 4) > 0);
        assertEquals(0, bucket.tryTake(SECOND / 2));
        // Idle time refills up to the capacity, not beyond.
        assertTrue(bucket.isFull(100 * SECOND));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.tryTake(100 * SECOND));
        }
        assertTrue(bucket.tryTake(100 * SECOND) > 0);
    }
}
