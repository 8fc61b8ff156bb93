package dev.estimator.gateway.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.estimator.chassis.retry.RetryPolicy;
import dev.estimator.chassis.retry.TransientFailures;
import dev.estimator.chassis.tracing.KafkaTracing;
import dev.estimator.chassis.tracing.ScenarioLogContext;
import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.repository.OutboxRow;
import dev.estimator.gateway.repository.OutboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The transactional outbox of {@code scenarios.submitted}: a submission is only committed to the registry, with its
 * rows marked unpublished; this relay publishes them and marks them published once the broker acknowledged them.
 * Nothing is published that is not stored, and nothing stored stays unpublished, whatever crashes in between.
 * <p>
 * Rows reach the relay two ways:
 * <ul>
 * <li>the fast path: the replica that committed a submission hands its rows over at once (no extra read). They were
 * inserted with a publish lease ({@code publish_lease_until}), so no other replica takes them meanwhile;</li>
 * <li>the sweep, at start and then every {@code gateway.relay.interval}: it claims unpublished rows whose lease ran out
 * (their replica died, or a send failed) with {@code FOR UPDATE SKIP LOCKED}, so two replicas never claim the same row
 * at the same time, and leases them for itself.</li>
 * </ul>
 * A failed send leaves the row unpublished (its lease is given back, so the next sweep retries it after a backoff);
 * rows are never deleted. A row can be sent twice (a crash between the ack and the mark, a lease running out during a
 * very slow send): catalog-service keeps the first record of a scenario id and drops the second.
 * <p>
 * Sends run on the relay's own thread, because {@code KafkaProducer.send} may block; many are in flight at once (up
 * to {@code max-chunks-in-flight} chunks of {@code chunk-size}), so a 10,000-member sweep leaves in a few producer
 * batches. Each chunk is marked in one statement once all its sends settled.
 * <p>
 * Each record is sent in the trace of the request that submitted its row (stored with the row, {@link #traceContext()}):
 * a {@code send scenarios.submitted} span, child of that request's span, whose context the record carries to
 * catalog-service, so the trace goes on from the POST to the estimate, whenever and wherever the row is published.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Rows handed over by a submission of this replica, with the lease they were inserted with. */
    record Handoff(List<OutboxRow> rows, Instant lease) {
    }

    private static final Handoff WAKE = new Handoff(List.of(), Instant.EPOCH);

    @Inject
    OutboxStore store;

    @Inject
    GatewayProducer producer;

    @Inject
    SubmittedEvents events;

    @Inject
    RetryPolicy retry;

    @Inject
    GatewayConfig.Relay config;

    @Inject
    KafkaTracing tracing;

    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Handoff> handoffs = new LinkedBlockingQueue<>();
    private final AtomicInteger brokerFailures = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private Semaphore inFlight;
    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean suspended;

    void start(@Observes StartupEvent event) {
        inFlight = new Semaphore(config.maxChunksInFlight());
        thread = new Thread(this::run, "gateway-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** The lease a submission inserts its rows with: until then, only this replica's fast path publishes them. */
    public Instant newLease() {
        return clock.instant().plus(config.lease()).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The current trace context (the submitting request's), as stored with a row and given back to the relay in
     * {@link OutboxRow#traceContext()}; null outside a trace.
     */
    public String traceContext() {
        return tracing.serialize(Context.current());
    }

    /** Called once the rows are committed. Never blocks: the event loop only queues them. */
    public void submitted(List<OutboxRow> rows, Instant lease) {
        if (!rows.isEmpty()) {
            handoffs.offer(new Handoff(rows, lease));
        }
    }

    /** Rows whose publication this replica saw acknowledged since it started. */
    public long publishedCount() {
        return published.get();
    }

    /**
     * Stops publishing as a crash would: rows handed over meanwhile are dropped (they stay unpublished under their
     * lease) and nothing is claimed. For fault drills and tests; {@link #resume()} undoes it.
     */
    public void suspend() {
        suspended = true;
    }

    public void resume() {
        suspended = false;
        handoffs.offer(WAKE);
    }

    private void run() {
        long nextSweep = System.nanoTime(); // at once: rows left by a crash of the previous run
        int failedSweeps = 0;
        while (true) {
            Handoff handoff;
            try {
                handoff = handoffs.poll(Math.max(0, nextSweep - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (handoff != null && handoff != WAKE) {
                    if (!suspended) {
                        publish(handoff.rows(), handoff.lease());
                    }
                    continue; // hand-overs first: they are what clients are waiting for
                }
                if (stopping) {
                    return;
                }
                if (handoff == WAKE || System.nanoTime() - nextSweep >= 0) {
                    boolean healthy = suspended || sweep();
                    failedSweeps = healthy ? 0 : failedSweeps + 1;
                    long wait = healthy ? config.interval().toNanos() : retry.backoff(failedSweeps - 1).toNanos();
                    nextSweep = System.nanoTime() + wait;
                }
            } catch (RuntimeException e) {
                // The relay must outlive any one failure: its rows stay unpublished under their lease and a sweep takes them.
                LOG.errorf(e, "Outbox relay: unexpected failure; continuing");
                failedSweeps++;
                nextSweep = System.nanoTime() + retry.backoff(failedSweeps - 1).toNanos();
            }
        }
    }

    /** Claims and publishes chunks until none is left; false if the database or the broker is failing. */
    private boolean sweep() {
        long claimed = 0;
        int chunkSize = config.chunkSize();
        while (!stopping && !suspended) {
            Instant until = newLease();
            List<OutboxRow> rows;
            try {
                rows = store.claim(clock.instant(), until, chunkSize).await().atMost(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay: cannot claim unpublished scenarios (%s); retrying with backoff", e.toString());
                return false;
            }
            if (rows.isEmpty()) {
                break;
            }
            claimed += rows.size();
            publish(rows, until);
            if (rows.size() < chunkSize || brokerFailures.get() > 0) {
                break; // the last chunk, or the broker is failing: probe with one chunk per sweep, not the whole backlog
            }
        }
        if (claimed > 0) {
            LOG.infof("Outbox relay: claimed %d scenario(s) whose publication was left unfinished (crash, restart or outage)",
                    claimed);
        }
        return brokerFailures.get() == 0;
    }

    private void publish(List<OutboxRow> rows, Instant lease) {
        int chunkSize = config.chunkSize();
        for (int from = 0; from < rows.size(); from += chunkSize) {
            List<OutboxRow> part = rows.subList(from, Math.min(rows.size(), from + chunkSize));
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // unpublished, under lease: another sweep takes them
            }
            new Chunk(part, lease).send();
        }
    }

    /** One chunk's sends; when all settled, one statement marks the acknowledged rows and one gives back the others. */
    private final class Chunk {
        private static final byte ACKED = 1, FAILED = 2, UNPUBLISHABLE = 3;

        private final List<OutboxRow> rows;
        private final Instant lease;
        private final byte[] outcome;
        private final AtomicInteger unsettled;
        private volatile Throwable sendFailure;

        Chunk(List<OutboxRow> rows, Instant lease) {
            this.rows = rows;
            this.lease = lease;
            this.outcome = new byte[rows.size()];
            this.unsettled = new AtomicInteger(rows.size());
        }

        void send() {
            String storedContext = null;
            Context submission = Context.root();
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                ProducerRecord<String, String> record;
                try {
                    record = events.record(row);
                } catch (RuntimeException e) {
                    // Not publishable as stored (the gateway never stores such a row): logged, and left under its lease.
                    LOG.errorf("Outbox relay: %s", e.getMessage());
                    settle(i, UNPUBLISHABLE, null);
                    continue;
                }
                if (row.traceContext() != null && !row.traceContext().equals(storedContext)) {
                    storedContext = row.traceContext(); // a sweep's members share their request's: parsed once per chunk
                    submission = tracing.deserialize(storedContext);
                }
                Span span = tracing.startSend(record, submission);
                Context sending = submission.with(span);
                tracing.inject(sending, record.headers());
                int index = i;
                try (ScenarioLogContext ignored = ScenarioLogContext.open(sending, row.scenarioId())) {
                    ScenarioLogContext.TRAIL.debugf("Outbox relay: sending scenario %s to %s", row.scenarioId(), record.topic());
                    producer.send(record, (metadata, e) -> {
                        if (e != null) {
                            span.recordException(e);
                            span.setStatus(StatusCode.ERROR, "not acknowledged: the row stays unpublished");
                        }
                        span.end();
                        settle(index, e == null ? ACKED : FAILED, e);
                    });
                } catch (RuntimeException e) {
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR, "not sent: the row stays unpublished");
                    span.end();
                    // Thrown rather than reported (closed or interrupted producer): the rest of the chunk would fail alike.
                    for (int j = i; j < rows.size(); j++) {
                        settle(j, FAILED, e);
                    }
                    return;
                }
                if (sendFailure != null) {
                    // A send failed already (send() may have waited max.block.ms for the broker): fail the rest now
                    // rather than wait as long again for each of them.
                    for (int j = i + 1; j < rows.size(); j++) {
                        settle(j, FAILED, sendFailure);
                    }
                    return;
                }
            }
        }

        private void settle(int index, byte result, Throwable e) {
            outcome[index] = result;
            if (e != null && sendFailure == null) {
                sendFailure = e;
            }
            if (unsettled.decrementAndGet() == 0) {
                finish();
            }
        }

        private void finish() {
            List<String> ok = new ArrayList<>(rows.size());
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (outcome[i] == ACKED) {
                    ok.add(rows.get(i).scenarioId());
                } else if (outcome[i] == FAILED) {
                    failed.add(rows.get(i).scenarioId());
                }
            }
            published.addAndGet(ok.size());
            // Given back only when the broker was away: a record it refuses for good (too large) would otherwise be
            // retried every interval; under its lease it is retried, and logged, every lease instead.
            boolean retriable = !failed.isEmpty() && TransientFailures.isTransient(sendFailure);
            if (failed.isEmpty()) {
                if (brokerFailures.getAndSet(0) > 0) {
                    LOG.info("Outbox relay: the broker acknowledges again");
                }
            } else if (!retriable) {
                LOG.errorf("Outbox relay: the broker refused %d record(s) (%s); they stay unpublished and are retried after their lease",
                        failed.size(), String.valueOf(sendFailure));
            } else if (brokerFailures.getAndIncrement() == 0) {
                LOG.warnf("Outbox relay: %d of %d send(s) failed (%s); the rows stay unpublished and are retried with backoff",
                        failed.size(), rows.size(), String.valueOf(sendFailure));
            }
            Uni<Void> mark = ok.isEmpty() ? Uni.createFrom().voidItem() : store.markPublished(ok, clock.instant());
            Uni<Void> release = !retriable ? Uni.createFrom().voidItem() : store.release(failed, lease);
            mark.chain(() -> release).subscribe().with(v -> inFlight.release(), e -> {
                // Acknowledged but not marked: sent again once the lease runs out, and dropped downstream as a duplicate.
                LOG.warnf("Outbox relay: could not record the outcome of %d send(s): %s", rows.size(), e.toString());
                inFlight.release();
            });
        }
    }

    /**
     * SIGTERM: claim nothing more, send what this replica's submissions handed over, and wait (up to the drain timeout)
     * for the sends in flight to settle and be recorded. Whatever is left keeps its lease, and another replica (or this
     * one, restarted) publishes it once the lease runs out.
     */
    void stop(@Observes ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        stopping = true;
        handoffs.offer(WAKE);
        Duration drainTimeout = config.drainTimeout();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            thread.join(Math.max(1, drainTimeout.toMillis()));
            long left = Math.max(0, deadline - System.nanoTime());
            if (!inFlight.tryAcquire(config.maxChunksInFlight(), left, TimeUnit.NANOSECONDS)) {
                LOG.warnf("Outbox relay: stopped with sends still in flight; their rows are published after their lease (%s)",
                        config.lease());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
