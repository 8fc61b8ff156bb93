package dev.estimator.chassis.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;

/**
 * Reference data (a catalog, a price book: rows that change rarely, read by every batch) held in memory as one
 * immutable snapshot. The snapshot is reloaded lazily, by the caller that needs it, when it is older than the
 * maximum age (so an edit made through another replica is seen within that time), when it was taken for another
 * key (e.g. another day, when dated rows may have become valid), or after {@link #invalidate()} (this replica's
 * own edit, seen by the very next read). No timer runs and nothing is read while nobody asks.
 *
 * @param <K> what the snapshot depends on besides the table contents (use one constant if nothing)
 * @param <T> the snapshot, immutable
 */
public final class SnapshotCache<K, T> {

    private record Snapshot<K, T>(K key, T value, long loadedAtNanos, long generation) {
    }

    private final Duration maxAge;
    private final Function<K, Uni<T>> loader;
    private final LongSupplier nanoTime;
    // Bumped by every invalidation: a load that began before an edit committed is never served after it.
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot<K, T> snapshot;

    /** @param loader reads a new snapshot for a key (in its own session); it must not return null */
    public SnapshotCache(Duration maxAge, Function<K, Uni<T>> loader) {
        this(maxAge, loader, System::nanoTime);
    }

    SnapshotCache(Duration maxAge, Function<K, Uni<T>> loader, LongSupplier nanoTime) {
        this.maxAge = Objects.requireNonNull(maxAge);
        this.loader = Objects.requireNonNull(loader);
        this.nanoTime = nanoTime;
    }

    /** The snapshot for {@code key}: the cached one while fresh, else a new one. */
    public Uni<T> get(K key) {
        return notOlderThan(key, maxAge);
    }

    /**
     * A snapshot read less than {@code age} ago: used before refusing work for a row the snapshot lacks (a row just
     * added through another replica is found, while a stream of unknown ids costs at most one read per {@code age}).
     */
    public Uni<T> notOlderThan(K key, Duration age) {
        Snapshot<K, T> s = snapshot;
        if (s != null && s.generation() == generation.get() && s.key().equals(key)
                && nanoTime.getAsLong() - s.loadedAtNanos() < Math.min(age.toNanos(), maxAge.toNanos())) {
            return Uni.createFrom().item(s.value());
        }
        // Captured before the read: a load racing an invalidation keeps the older generation and so never counts
        // as current; its age is counted from before it read.
        long gen = generation.get();
        long started = nanoTime.getAsLong();
        return Uni.createFrom().deferred(() -> loader.apply(key)).invoke(value -> {
            Snapshot<K, T> previous = snapshot;
            // Concurrent loads may finish out of order: keep the one that started last.
            if (previous == null || started - previous.loadedAtNanos() >= 0) {
                snapshot = new Snapshot<>(key, value, started, gen);
            }
        });
    }

    /** Marks the snapshot stale. Call after the edit is committed, or a reload racing the commit could miss it. */
    public void invalidate() {
        generation.incrementAndGet();
    }
}
