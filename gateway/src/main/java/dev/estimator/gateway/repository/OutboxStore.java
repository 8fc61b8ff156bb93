package dev.estimator.gateway.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.estimator.chassis.retry.TransientFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The outbox state of the registry's rows ({@code published_at}, {@code publish_lease_until}), for the relay
 * (docs/architecture.md, "Reliability"). Plain SQL: each statement handles a chunk of rows in one round trip.
 */
@ApplicationScoped
public class OutboxStore {

    /** Rows whose lease ran out, oldest first, locked only for this statement: other replicas skip them and take others. */
    static final String CLAIM = """
            UPDATE scenario s SET publish_lease_until = $2
            FROM (SELECT id FROM scenario
                  WHERE published_at IS NULL AND status = 'PENDING'
                    AND (publish_lease_until IS NULL OR publish_lease_until < $1)
                  ORDER BY submitted_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
            WHERE s.id = c.id
            RETURNING s.id, s.sweep_id, s.submitted_at, s.request, s.trace_context""";

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

    @Inject
    Pool pool;

    /** Leases up to {@code limit} unpublished rows whose lease ran out by {@code now} until {@code until}. */
    public Uni<List<OutboxRow>> claim(Instant now, Instant until, int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(utc(now), utc(until), limit)).map(rows -> {
            List<OutboxRow> claimed = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> claimed.add(row(row)));
            return claimed;
        });
    }

    /** The broker acknowledged these rows. */
    public Uni<Void> markPublished(List<String> ids, Instant at) {
        return statement(MARK, Tuple.of(ids.toArray(String[]::new), utc(at)));
    }

    /** Their sends failed: any replica may claim them at once, unless one leased them since {@code lease}. */
    public Uni<Void> release(List<String> ids, Instant lease) {
        return statement(RELEASE, Tuple.of(ids.toArray(String[]::new), utc(lease)));
    }

    private static OutboxRow row(Row row) {
        OffsetDateTime submitted = row.getOffsetDateTime("submitted_at");
        return new OutboxRow(row.getString("id"), row.getString("sweep_id"),
                submitted == null ? Instant.EPOCH : submitted.toInstant(), row.getString("request"), row.getString("trace_context"));
    }

    /** Idempotent statements: a dropped connection is retried a few times before the relay hears of it. */
    private Uni<Void> statement(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).replaceWithVoid()
                .onFailure(TransientFailures::isTransient).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
