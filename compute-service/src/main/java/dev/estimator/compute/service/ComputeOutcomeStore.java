package dev.estimator.compute.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.compute.domain.ComputeEstimate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a batch's outcomes to {@code compute_estimate} (mapped by {@link ComputeEstimate}) in one
 * statement and one round trip, first writer wins. Through the SQL client rather than Hibernate: a
 * multi-row insert needs no session, flush or dirty check, and {@code ON CONFLICT DO NOTHING} makes two
 * consumers (replicas, or both sides of a rebalance) storing the same new scenario at once agree on one
 * outcome instead of failing the later batch on the primary key.
 */
@ApplicationScoped
public class ComputeOutcomeStore {

    /** Column names and types as Hibernate generates them for {@link ComputeEstimate}. */
    static final String INSERT = """
            INSERT INTO compute_estimate (scenario_id, sweep_id, outcome, event, created_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
            ON CONFLICT (scenario_id) DO NOTHING
            RETURNING scenario_id""";

    static final String SELECT = """
            SELECT scenario_id, sweep_id, outcome, event, created_at FROM compute_estimate WHERE scenario_id = ANY($1::text[])""";

    @Inject
    Pool pool;

    /**
     * Stores the outcomes whose scenario id is not stored yet (ids must be distinct) and returns, per id,
     * the outcome stored now: the given one, or the one stored earlier, unchanged. Only ids that
     * already existed cost a second round trip. The insert is its own (auto-committed) transaction;
     * once it returns, a conflicting row from a concurrent writer is committed, so the read finds it.
     */
    public Uni<Map<String, ComputeEstimate>> insertOrRead(List<ComputeEstimate> outcomes) {
        int n = outcomes.size();
        String[] ids = new String[n];
        String[] sweeps = new String[n];
        String[] kinds = new String[n];
        String[] events = new String[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ComputeEstimate e = outcomes.get(i);
            ids[i] = e.scenarioId;
            sweeps[i] = e.sweepId;
            kinds[i] = e.outcome.name();
            events[i] = e.event;
            createdAt[i] = e.createdAt.atOffset(ZoneOffset.UTC);
        }
        Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfString(sweeps).addArrayOfString(kinds)
                .addArrayOfString(events).addArrayOfOffsetDateTime(createdAt);
        return pool.preparedQuery(INSERT).execute(params).chain(inserted -> {
            Set<String> mine = new HashSet<>(inserted.rowCount() * 2);
            inserted.forEach(row -> mine.add(row.getString(0)));
            Map<String, ComputeEstimate> byId = new HashMap<>(n * 2);
            List<String> existing = new ArrayList<>();
            for (ComputeEstimate e : outcomes) {
                if (mine.contains(e.scenarioId)) {
                    byId.put(e.scenarioId, e);
                } else {
                    existing.add(e.scenarioId);
                }
            }
            if (existing.isEmpty()) {
                return Uni.createFrom().item(byId);
            }
            return pool.preparedQuery(SELECT).execute(Tuple.tuple().addArrayOfString(existing.toArray(new String[0])))
                    .map(rows -> {
                        rows.forEach(row -> byId.put(row.getString("scenario_id"), read(row)));
                        if (byId.size() < n) {
                            // Rows are never deleted, so this is a broken invariant, not a race to paper over.
                            throw new IllegalStateException("Neither inserted nor found: " + existing.stream()
                                    .filter(id -> !byId.containsKey(id)).toList());
                        }
                        return byId;
                    });
        });
    }

    private static ComputeEstimate read(Row row) {
        ComputeEstimate e = new ComputeEstimate();
        e.scenarioId = row.getString("scenario_id");
        e.sweepId = row.getString("sweep_id");
        e.outcome = ComputeEstimate.Outcome.valueOf(row.getString("outcome"));
        e.event = row.getString("event");
        e.createdAt = row.getOffsetDateTime("created_at").toInstant();
        return e;
    }
}
