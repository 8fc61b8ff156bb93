package dev.estimator.chassis.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class SnapshotCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final SnapshotCache<String, Integer> cache = new SnapshotCache<>(Duration.ofSeconds(5),
            key -> Uni.createFrom().item(loads.incrementAndGet()), now::get);

    private int get(String key) {
        return cache.get(key).await().indefinitely();
    }

    @Test
    void aFreshSnapshotIsServedFromMemory() {
        assertEquals(1, get("day-1"));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(1, get("day-1"));
        assertEquals(1, loads.get());
    }

    @Test
    void anOldSnapshotAnotherKeyOrAnInvalidationReloads() {
        assertEquals(1, get("day-1"));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(2, get("day-1"), "older than the maximum age");
        assertEquals(3, get("day-2"), "taken for another key");
        cache.invalidate();
        assertEquals(4, get("day-2"), "this replica edited the data");
        assertEquals(4, get("day-2"));
    }

    @Test
    void aShorterAgeReloadsOnlyWhenTheSnapshotIsThatOld() {
        assertEquals(1, get("k"));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertEquals(1, cache.notOlderThan("k", Duration.ofSeconds(1)).await().indefinitely());
        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertEquals(2, cache.notOlderThan("k", Duration.ofSeconds(1)).await().indefinitely());
    }

    @Test
    void aLoadThatStartedBeforeAnInvalidationIsNotKeptAsCurrent() {
        SnapshotCache<String, Integer> racing = new SnapshotCache<>(Duration.ofSeconds(5), key -> {
            int n = loads.incrementAndGet();
            return Uni.createFrom().item(n);
        }, now::get);
        Uni<Integer> started = racing.get("k");
        racing.invalidate(); // the edit commits while the first read is in flight (subscribed below)
        assertEquals(1, started.await().indefinitely());
        assertEquals(2, racing.get("k").await().indefinitely(), "the racing load is not served after the edit");
    }
}
