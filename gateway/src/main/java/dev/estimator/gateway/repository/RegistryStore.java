package dev.estimator.gateway.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.estimator.gateway.event.FinishedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The registry's set-based statements, in plain SQL (one round trip each, no entities): finishing a batch of
 * scenarios, counting what is stale, and the projections sweep summaries read.
 */
@ApplicationScoped
public class RegistryStore {

    private static final Logger LOG = Logger.getLogger(RegistryStore.class);

    /**
     * The {@code status = 'PENDING'} guard makes it idempotent (a redelivered or late event matches no row) and settles
     * the race between the estimates and rejections consumers: the loser waits on the row lock, re-checks the guard and
     * skips the row. Unknown ids (scenarios submitted elsewhere, a replayed topic) match nothing. The version is bumped
     * as Hibernate would, so an entity loaded before this update cannot overwrite it. A result proves the submission
     * reached the pipeline, so the row counts as published from then on, whatever the relay did. Being idempotent, the
     * statement may be run again by the caller's retry policy: after a dropped connection, or a deadlock with the other
     * consumer's UPDATE (both lock rows in plan order), which PostgreSQL resolves by aborting one of them.
     */
    static final String FINISH = """
            UPDATE scenario s SET status = $1, finished_at = $2::timestamptz, result = u.result,
                   published_at = coalesce(s.published_at, $2::timestamptz),
                   cost_amount = u.cost_amount, currency = u.currency, wall_clock_days = u.wall_clock_days,
                   gpu_hours = u.gpu_hours, version = s.version + 1
            FROM unnest($3::text[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::float8[])
                 AS u(id, result, cost_amount, currency, wall_clock_days, gpu_hours)
            WHERE s.id = u.id AND s.status = 'PENDING'
            RETURNING s.id""";

    /** Partial indexes hold only PENDING rows, so these counts cost the same on any registry size. */
    static final String STALE = """
            SELECT (SELECT count(*) FROM scenario WHERE status = 'PENDING' AND submitted_at < $1) AS stale,
                   (SELECT min(submitted_at) FROM scenario WHERE status = 'PENDING') AS oldest,
                   (SELECT count(*) FROM scenario WHERE published_at IS NULL AND status = 'PENDING') AS unpublished""";

    /** Below this share of the table's estimated rows, an insert leaves statistics to autovacuum. */
    static final double STALE_SHARE = 0.2;

    /** Stale PENDING rows, the oldest PENDING submission (null if none), and rows the broker has not acknowledged. */
    public record StaleCounts(long stale, OffsetDateTime oldestPending, long unpublished) {
    }

    /** A sweep's members by outcome (the rest are PENDING). */
    public record StatusCounts(long completed, long rejected) {
    }

    /** What a sweep summary needs of a finished member. {@code variant} is null unless read for the points shown. */
    public record CostTime(String id, Double costAmount, Double wallClockDays, String currency, String variant) {
    }

    @Inject
    Pool pool;

    /** Finishes the events' scenarios still PENDING, in one statement; returns the ids it finished. */
    public Uni<List<String>> finish(Collection<FinishedEvent> events, Scenario.Status status, Instant at) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] results = new String[n];
        Double[] costs = new Double[n];
        String[] currencies = new String[n];
        Double[] days = new Double[n];
        Double[] gpuHours = new Double[n];
        int i = 0;
        for (FinishedEvent event : events) {
            ids[i] = event.scenarioId();
            results[i] = event.value();
            if (status == Scenario.Status.COMPLETED) {
                FinishedEvent.Metrics m = event.metrics();
                costs[i] = m.costAmount();
                currencies[i] = m.currency();
                days[i] = m.wallClockDays();
                gpuHours[i] = m.gpuHours();
            }
            i++;
        }
        Tuple params = Tuple.tuple().addString(status.name()).addValue(OutboxStore.utc(at))
                .addArrayOfString(ids).addArrayOfString(results).addArrayOfDouble(costs)
                .addArrayOfString(currencies).addArrayOfDouble(days).addArrayOfDouble(gpuHours);
        return pool.preparedQuery(FINISH).execute(params).map(rows -> {
            List<String> finished = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> finished.add(row.getString(0)));
            return finished;
        });
    }

    public Uni<StaleCounts> staleCounts(Instant submittedBefore) {
        return pool.preparedQuery(STALE).execute(Tuple.of(OutboxStore.utc(submittedBefore))).map(rows -> {
            Row row = rows.iterator().next();
            return new StaleCounts(row.getLong("stale"), row.getOffsetDateTime("oldest"), row.getLong("unpublished"));
        });
    }

    /** One grouped count over the sweep's rows (index scan), not one count per status. */
    public Uni<StatusCounts> statusCounts(String sweepId) {
        return pool.preparedQuery("SELECT status, count(*) FROM scenario WHERE sweep_id = $1 GROUP BY status")
                .execute(Tuple.of(sweepId)).map(rows -> {
                    long completed = 0;
                    long rejected = 0;
                    for (Row row : rows) {
                        String status = row.getString(0);
                        if (Scenario.Status.COMPLETED.name().equals(status)) {
                            completed = row.getLong(1);
                        } else if (Scenario.Status.REJECTED.name().equals(status)) {
                            rejected = row.getLong(1);
                        }
                    }
                    return new StatusCounts(completed, rejected);
                });
    }

    /**
     * The completed members' cost and time, without their variant: a summary names only a handful of points, so
     * reading (and mapping) the variant text of 10,000 rows on every poll would be wasted.
     */
    public Uni<List<CostTime>> costTimes(String sweepId) {
        return pool.preparedQuery("SELECT id, cost_amount, wall_clock_days, currency FROM scenario"
                + " WHERE sweep_id = $1 AND status = 'COMPLETED' AND cost_amount IS NOT NULL")
                .execute(Tuple.of(sweepId)).map(rows -> {
                    List<CostTime> points = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        points.add(new CostTime(row.getString(0), row.getDouble(1), row.getDouble(2), row.getString(3), null));
                    }
                    return points;
                });
    }

    /** A completed scenario: its id and its estimate as received. */
    public record Completed(String scenarioId, String result) {
    }

    /**
     * The latest completed single scenario (not a sweep member) of each of these normalized-request hashes. There is no
     * index on the hash: this serves GET /api/v1/reproductions (a handful of hashes, one scan), not a hot path.
     */
    public Uni<Map<String, Completed>> latestCompletedByRequestHash(Collection<String> hashes) {
        return pool.preparedQuery("SELECT DISTINCT ON (request_hash) request_hash, id, result FROM scenario"
                + " WHERE request_hash = ANY($1::text[]) AND sweep_id IS NULL AND status = 'COMPLETED'"
                + " ORDER BY request_hash, finished_at DESC")
                .execute(Tuple.tuple().addArrayOfString(hashes.toArray(String[]::new))).map(rows -> {
                    Map<String, Completed> latest = new HashMap<>();
                    rows.forEach(row -> latest.put(row.getString(0), new Completed(row.getString(1), row.getString(2))));
                    return latest;
                });
    }

    /** The varied values of these scenarios, by id. */
    public Uni<Map<String, String>> variants(Collection<String> ids) {
        return pool.preparedQuery("SELECT id, variant FROM scenario WHERE id = ANY($1::text[])")
                .execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))).map(rows -> {
                    Map<String, String> variants = new HashMap<>();
                    rows.forEach(row -> variants.put(row.getString(0), row.getString(1)));
                    return variants;
                });
    }

    /**
     * Refreshes the planner's statistics after an insert of a large share of the table. On a new or small table the
     * registry's UPDATE was planned without index lookups until autovacuum analyzed the table (up to a minute later):
     * the first sweep after a clean start cost the gateway's PostgreSQL 17 CPU-seconds instead of 0.5, and ran at ~300
     * scenarios/s instead of ~530. Once the table is large, a sweep changes little and this is skipped. Statistics are
     * an optimisation: a failure here is logged and never fails the caller.
     */
    public Uni<Void> analyzeAfterInsert(int inserted) {
        return pool.query("SELECT reltuples::float8 FROM pg_class WHERE oid = 'scenario'::regclass").execute()
                .chain(rows -> stale(rows.iterator().next().getDouble(0), inserted)
                        ? pool.query("ANALYZE scenario").execute().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not refresh the scenario table's statistics: %s", e.getMessage());
                    return null;
                });
    }

    /** @param estimatedRows PostgreSQL's estimate ({@code pg_class.reltuples}), negative if never analyzed */
    static boolean stale(double estimatedRows, int inserted) {
        return estimatedRows < 0 || inserted >= STALE_SHARE * estimatedRows;
    }
}
