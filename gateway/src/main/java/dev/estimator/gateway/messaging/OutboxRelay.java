package dev.estimator.gateway.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.estimator.chassis.retry.RetryPolicy;
import dev.estimator.chassis.retry.TransientFailures;
import dev.estimator.gateway.messaging.SubmittedEvents.Outbound;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Rows whose lease ran out, oldest first, locked only for this statement: other replicas skip them and take others. */
    static final String CLAIM = """
            UPDATE scenario s SET publish_lease_until = $2
            FROM (SELECT id FROM scenario
                  WHERE published_at IS NULL AND status = 'PENDING'
                    AND (publish_lease_until IS NULL OR publish_lease_until < $1)
                  ORDER BY submitted_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
            WHERE s.id = c.id
            RETURNING s.id, s.sweep_id, s.submitted_at, s.request""";

    /**
     * SKIP LOCKED: a row locked right now is being finished by the registry (which marks it published itself) or was
     * claimed again by another replica (which will mark it); waiting for either would only risk a deadlock.
     */
    static final String MARK = """
            UPDATE scenario SET published_at = $2, version = version + 1
            WHERE id IN (SELECT id FROM scenario WHERE id = ANY($1::text[]) AND published_at IS NULL FOR UPDATE SKIP LOCKED)""";

    /** Gives rows back after a failed send, unless another replica leased them meanwhile. */
    static final String RELEASE = """
            UPDATE scenario SET publish_lease_until = NULL
            WHERE id = ANY($1::text[]) AND published_at IS NULL AND publish_lease_until = $2""";

    /** Rows handed over by a submission of this replica, with the lease they were inserted with. */
    record Handoff(List<Outbound> rows, Instant lease) {
    }

    private static final Handoff WAKE = new Handoff(List.of(), Instant.EPOCH);

    @Inject
    Pool pool;

    @Inject
    GatewayProducer producer;

    @Inject
    RetryPolicy retry;

    @ConfigProperty(name = "gateway.relay.interval", defaultValue = "1s")
    Duration interval;

    @ConfigProperty(name = "gateway.relay.lease", defaultValue = "15s")
    Duration lease;

    @ConfigProperty(name = "gateway.relay.chunk-size", defaultValue = "2000")
    int chunkSize;

    @ConfigProperty(name = "gateway.relay.max-chunks-in-flight", defaultValue = "8")
    int maxChunksInFlight;

    @ConfigProperty(name = "gateway.relay.drain-timeout", defaultValue = "5s")
    Duration drainTimeout;

    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Handoff> handoffs = new LinkedBlockingQueue<>();
    private final AtomicInteger brokerFailures = new AtomicInteger();
    private final AtomicLong published = new AtomicLong();
    private Semaphore inFlight;
    private Thread thread;
    private volatile boolean stopping;
    private volatile boolean suspended;

    void start(@Observes StartupEvent event) {
        inFlight = new Semaphore(maxChunksInFlight);
        thread = new Thread(this::run, "gateway-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** The lease a submission inserts its rows with: until then, only this replica's fast path publishes them. */
    public Instant newLease() {
        return clock.instant().plus(lease).truncatedTo(ChronoUnit.MICROS);
    }

    /** Called once the rows are committed. Never blocks: the event loop only queues them. */
    public void submitted(List<Outbound> rows, Instant lease) {
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
                    long wait = healthy ? interval.toNanos() : retry.backoff(failedSweeps - 1).toNanos();
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
        while (!stopping && !suspended) {
            Instant now = clock.instant();
            Instant until = now.plus(lease).truncatedTo(ChronoUnit.MICROS);
            List<Outbound> rows = new ArrayList<>();
            try {
                pool.preparedQuery(CLAIM)
                        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC), chunkSize))
                        .await().atMost(Duration.ofSeconds(30))
                        .forEach(row -> rows.add(outbound(row)));
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

    private static Outbound outbound(Row row) {
        OffsetDateTime submitted = row.getOffsetDateTime("submitted_at");
        return new Outbound(row.getString("id"), row.getString("sweep_id"), submitted == null ? Instant.EPOCH : submitted.toInstant(),
                row.getString("request"));
    }

    private void publish(List<Outbound> rows, Instant lease) {
        for (int from = 0; from < rows.size(); from += chunkSize) {
            List<Outbound> part = rows.subList(from, Math.min(rows.size(), from + chunkSize));
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

        private final List<Outbound> rows;
        private final Instant lease;
        private final byte[] outcome;
        private final AtomicInteger unsettled;
        private volatile Throwable sendFailure;

        Chunk(List<Outbound> rows, Instant lease) {
            this.rows = rows;
            this.lease = lease;
            this.outcome = new byte[rows.size()];
            this.unsettled = new AtomicInteger(rows.size());
        }

        void send() {
            for (int i = 0; i < rows.size(); i++) {
                ProducerRecord<String, String> record;
                try {
                    record = SubmittedEvents.record(rows.get(i));
                } catch (RuntimeException e) {
                    // Not publishable as stored (the gateway never stores such a row): logged, and left under its lease.
                    LOG.errorf("Outbox relay: %s", e.getMessage());
                    settle(i, UNPUBLISHABLE, null);
                    continue;
                }
                int index = i;
                try {
                    producer.send(record, (metadata, e) -> settle(index, e == null ? ACKED : FAILED, e));
                } catch (RuntimeException e) {
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
            Uni<Void> mark = ok.isEmpty() ? Uni.createFrom().voidItem()
                    : statement(MARK, Tuple.of(ok.toArray(new String[0]), OffsetDateTime.now(ZoneOffset.UTC)));
            Uni<Void> release = !retriable ? Uni.createFrom().voidItem()
                    : statement(RELEASE, Tuple.of(failed.toArray(new String[0]), lease.atOffset(ZoneOffset.UTC)));
            mark.chain(() -> release).subscribe().with(v -> inFlight.release(), e -> {
                // Acknowledged but not marked: sent again once the lease runs out, and dropped downstream as a duplicate.
                LOG.warnf("Outbox relay: could not record the outcome of %d send(s): %s", rows.size(), e.toString());
                inFlight.release();
            });
        }
    }

    private Uni<Void> statement(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).replaceWithVoid()
                .onFailure(TransientFailures::isTransient).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5);
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
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            thread.join(Math.max(1, drainTimeout.toMillis()));
            long left = Math.max(0, deadline - System.nanoTime());
            if (!inFlight.tryAcquire(maxChunksInFlight, left, TimeUnit.NANOSECONDS)) {
                LOG.warnf("Outbox relay: stopped with sends still in flight; their rows are published after their lease (%s)", lease);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
