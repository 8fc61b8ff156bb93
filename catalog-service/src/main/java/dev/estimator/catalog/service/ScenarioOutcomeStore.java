package dev.estimator.catalog.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.catalog.domain.StoredScenario;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes a batch's outcomes to the {@code scenario} table (mapped by {@link StoredScenario}) in one
 * statement and one round trip, first writer wins. Through the SQL client rather than Hibernate: a
 * single multi-row insert needs no session, flush or dirty check, and {@code ON CONFLICT DO NOTHING}
 * makes two replicas (or a rebalance) storing the same new scenario at once agree on one outcome
 * instead of failing the later batch on the primary key.
 */
@ApplicationScoped
public class ScenarioOutcomeStore {

    /** Column names and types as Hibernate generates them for {@link StoredScenario}. */
    static final String INSERT = """
            INSERT INTO scenario (scenario_id, sweep_id, outcome, event, created_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
            ON CONFLICT (scenario_id) DO NOTHING
            RETURNING scenario_id""";

    static final String SELECT = """
            SELECT scenario_id, sweep_id, outcome, event, created_at FROM scenario WHERE scenario_id = ANY($1::text[])""";

    @Inject
    Pool pool;

    /**
     * Stores the outcomes whose scenario id is not stored yet (ids must be distinct) and returns, per id,
     * the outcome stored now: the given one, or the one stored earlier, unchanged. Only ids that
     * already existed cost a second round trip. The insert is its own (auto-committed) transaction;
     * once it returns, a conflicting row from a concurrent writer is committed, so the read finds it.
     */
    public Uni<Map<String, StoredScenario>> insertOrRead(List<StoredScenario> outcomes) {
        int n = outcomes.size();
        String[] ids = new String[n];
        String[] sweeps = new String[n];
        String[] kinds = new String[n];
        String[] events = new String[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            StoredScenario s = outcomes.get(i);
            ids[i] = s.scenarioId;
            sweeps[i] = s.sweepId;
            kinds[i] = s.outcome.name();
            events[i] = s.event;
            createdAt[i] = s.createdAt.atOffset(ZoneOffset.UTC);
        }
        Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfString(sweeps).addArrayOfString(kinds)
                .addArrayOfString(events).addArrayOfOffsetDateTime(createdAt);
        return pool.preparedQuery(INSERT).execute(params).chain(inserted -> {
            Set<String> mine = new HashSet<>(inserted.rowCount() * 2);
            inserted.forEach(row -> mine.add(row.getString(0)));
            Map<String, StoredScenario> byId = new HashMap<>(n * 2);
            List<String> existing = new ArrayList<>();
            for (StoredScenario s : outcomes) {
                if (mine.contains(s.scenarioId)) {
                    byId.put(s.scenarioId, s);
                } else {
                    existing.add(s.scenarioId);
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

    private static StoredScenario read(Row row) {
        StoredScenario s = new StoredScenario();
        s.scenarioId = row.getString("scenario_id");
        s.sweepId = row.getString("sweep_id");
        s.outcome = StoredScenario.Outcome.valueOf(row.getString("outcome"));
        s.event = row.getString("event");
        s.createdAt = row.getOffsetDateTime("created_at").toInstant();
        return s;
    }
}
