package dev.estimator.gateway.messaging;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.estimator.gateway.messaging.EstimateBroadcaster.ClientTooSlow;
import dev.estimator.gateway.messaging.EstimateBroadcaster.StreamedEstimate;
import io.smallrye.mutiny.helpers.Subscriptions;

/**
 * One SSE client's estimates: those its filter takes, queued up to {@code capacity} until the client asks for them.
 * The broadcaster only {@link #offer}s (never waits); the client's demand comes from the HTTP layer, which asks for
 * the next event once the previous one reached the socket, so a client that stops reading stops asking. When its
 * queue is full the feed overflows: the queue is emptied at once (nothing stays held for that client) and the client
 * gets {@link ClientTooSlow} instead of more estimates; so does a client that takes nothing for too long while
 * estimates wait ({@link #stalled}). Held per client: at most {@code capacity} estimates here, plus the one event the
 * HTTP layer is writing.
 */
final class EstimateFeed implements Flow.Publisher<StreamedEstimate>, Flow.Subscription {

    private final Predicate<StreamedEstimate> filter;
    private final int capacity;
    /** Events one drain sends before it lets the event loop run other tasks. */
    private final int turn;
    private final BoundedQueue queue;
    /** Runs a drain the broadcaster asked for: on the client's own event loop, not on the broadcaster's thread. */
    private final Executor drainer;
    /** Told once when the feed ends for any reason (cancelled or overflowed), to forget it. */
    private final Consumer<EstimateFeed> onEnd;

    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscriber<? super StreamedEstimate> downstream;
    private volatile boolean cancelled;
    private volatile boolean overflowed;
    private volatile String reason;
    /** When the estimate at the head of the queue started waiting, or the client last took one. */
    private volatile long waitingSince = System.nanoTime();
    /** The downstream got its terminal signal; touched by the drain loop only. */
    private boolean done;

    EstimateFeed(Predicate<StreamedEstimate> filter, int capacity, int turn, Executor drainer, Consumer<EstimateFeed> onEnd) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an SSE client buffer holds at least one estimate, not " + capacity);
        }
        this.filter = filter;
        this.capacity = capacity;
        this.turn = Math.max(1, Math.min(turn, capacity));
        this.queue = new BoundedQueue(capacity);
        this.drainer = drainer;
        this.onEnd = onEnd;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super StreamedEstimate> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(Subscriptions.CANCELLED);
            subscriber.onError(new IllegalStateException("an estimate feed serves one SSE client"));
            return;
        }
        subscriber.onSubscribe(this);
        // Only now may a drain emit to it (onNext never before onSubscribe); deliver what was queued meanwhile.
        downstream = subscriber;
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    /**
     * Queues {@code estimate} if this client's filter takes it. Never blocks. Returns false if the client's queue was
     * full: the feed is over and the estimate (like every one queued) is dropped for this client.
     */
    boolean offer(StreamedEstimate estimate) {
        if (cancelled || overflowed || !filter.test(estimate)) {
            return !overflowed;
        }
        int size = queue.offer(estimate);
        if (size < 0) {
            drop("more than " + capacity + " estimates waited for this client");
            return false;
        }
        if (size == 1) {
            waitingSince = System.nanoTime();
        }
        schedule();
        return true;
    }

    /**
     * Whether estimates have waited for this client longer than {@code timeoutNanos} without it taking any: a client
     * that stopped reading with its queue not full yet (say, streaming one sweep that has finished) would otherwise
     * hold them for as long as it stays connected.
     */
    boolean stalled(long now, long timeoutNanos) {
        return !queue.isEmpty() && now - waitingSince > timeoutNanos;
    }

    /** Ends the feed for a client too slow to keep: what waited is released now, the client gets {@link ClientTooSlow}. */
    void drop(String why) {
        reason = why;
        overflowed = true;
        queue.clear();
        end();
        schedule();
    }

    /** Estimates queued for this client now. */
    int buffered() {
        return queue.size();
    }

    int capacity() {
        return capacity;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            cancel();
            Flow.Subscriber<? super StreamedEstimate> s = downstream;
            if (s != null) {
                s.onError(new IllegalArgumentException("request must be positive, was " + n));
            }
            return;
        }
        Subscriptions.add(requested, n);
        // Asked by the HTTP layer on the client's event loop, once the previous event was written: drain right here.
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        end();
        schedule();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            drainer.execute(this::drain);
        }
    }

    /**
     * Emits what the client asked for; one drain at a time (the wip counter), wherever it was started. A client that
     * keeps up takes the next event as soon as the previous one is written, often within this very loop, so a drain
     * could go on for as long as estimates keep coming: after {@code turn} events it goes to the back of the event
     * loop's queue, letting the other connections on that loop have their turn. Not much sooner than a poll of
     * estimates (the broadcaster hands a client a whole poll at a time): a client that sends fewer per turn than the
     * broadcaster adds per turn falls behind, and is dropped although it reads.
     */
    private void drain() {
        int missed = 1;
        int sent = 0;
        while (true) {
            Flow.Subscriber<? super StreamedEstimate> s = downstream;
            if (s != null && !done) {
                if (cancelled) {
                    queue.clear();
                    done = true;
                } else if (overflowed) {
                    queue.clear();
                    done = true;
                    s.onError(new ClientTooSlow(reason));
                } else {
                    long r = requested.get();
                    long emitted = 0;
                    while (emitted != r && !cancelled && !overflowed) {
                        if (sent == turn && !queue.isEmpty()) {
                            if (emitted != 0 && r != Long.MAX_VALUE) {
                                requested.addAndGet(-emitted);
                            }
                            // Still this drain's turn (wip not given back): it goes on from the event loop's queue.
                            drainer.execute(this::drain);
                            return;
                        }
                        StreamedEstimate next = queue.poll();
                        if (next == null) {
                            break;
                        }
                        waitingSince = System.nanoTime();
                        s.onNext(next);
                        emitted++;
                        sent++;
                    }
                    if (emitted != 0 && r != Long.MAX_VALUE) {
                        requested.addAndGet(-emitted);
                    }
                    if ((cancelled || overflowed) && !done) {
                        // Ended while emitting: go round once more for the terminal signal.
                        continue;
                    }
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * A FIFO of at most {@code capacity} estimates that grows as it fills: most clients filter to a few estimates at a
     * time, and a fixed array of the full capacity for each of up to a thousand connections would be memory held for
     * nothing. One lock: the broadcaster's thread adds, the client's event loop takes.
     */
    private static final class BoundedQueue {
        private final int capacity;
        private final ArrayDeque<StreamedEstimate> items = new ArrayDeque<>();

        BoundedQueue(int capacity) {
            this.capacity = capacity;
        }

        /** The size with {@code e} added, or -1 (and not added) when full. */
        synchronized int offer(StreamedEstimate e) {
            if (items.size() == capacity) {
                return -1;
            }
            items.addLast(e);
            return items.size();
        }

        synchronized StreamedEstimate poll() {
            return items.pollFirst();
        }

        synchronized void clear() {
            items.clear();
        }

        synchronized int size() {
            return items.size();
        }

        synchronized boolean isEmpty() {
            return items.isEmpty();
        }
    }
}
