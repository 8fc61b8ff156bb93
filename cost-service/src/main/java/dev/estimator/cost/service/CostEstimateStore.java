package dev.estimator.cost.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.cost.domain.CostEstimate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Set-based writes of {@link CostEstimate} rows through the reactive SQL client. The entity still owns the table
 * (Hibernate creates and migrates it, REST reads go through Panache); the consumer's hot path bypasses the
 * persistence context, whose per-entity bookkeeping and a SELECT before every insert cost more than the pricing.
 */
@ApplicationScoped
public class CostEstimateStore {

    // One statement for the whole batch: unnest turns the column arrays back into rows.
    static final String INSERT_NEW = "insert into cost_estimate (scenario_id, sweep_id, outcome, event, created_at) "
            + "select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::timestamptz[]) "
            + "on conflict (scenario_id) do nothing returning scenario_id";

    static final String FIND_ALL = "select scenario_id, sweep_id, outcome, event, created_at from cost_estimate "
            + "where scenario_id = any($1::varchar[])";

    @Inject
    Pool pool;

    /**
     * Inserts the rows whose id is not stored yet (atomically: one statement) and returns, per id, the row stored
     * now: the given one, or the one stored earlier, unchanged. Only ids that already existed cost a second round trip.
     */
    public Uni<Map<String, CostEstimate>> insertOrRead(List<CostEstimate> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] sweeps = new String[n];
        String[] outcomes = new String[n];
        String[] events = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            CostEstimate e = rows.get(i);
            ids[i] = e.scenarioId;
            sweeps[i] = e.sweepId;
            outcomes[i] = e.outcome.name();
            events[i] = e.event;
            created[i] = e.createdAt.atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(INSERT_NEW).execute(Tuple.of(ids, sweeps, outcomes, events, created)).chain(result -> {
            Set<String> inserted = new HashSet<>(result.rowCount() * 2);
            for (Row row : result) {
                inserted.add(row.getString(0));
            }
            Map<String, CostEstimate> byId = new LinkedHashMap<>(n * 2);
            rows.forEach(e -> byId.put(e.scenarioId, e));
            List<String> earlier = rows.stream().map(e -> e.scenarioId).filter(id -> !inserted.contains(id)).toList();
            if (earlier.isEmpty()) {
                return Uni.createFrom().item(byId);
            }
            return findAll(earlier).map(stored -> {
                stored.forEach(e -> byId.put(e.scenarioId, e));
                return byId;
            });
        });
    }

    private Uni<List<CostEstimate>> findAll(List<String> scenarioIds) {
        return pool.preparedQuery(FIND_ALL).execute(Tuple.of(scenarioIds.toArray(String[]::new))).map(result -> {
            List<CostEstimate> found = new ArrayList<>(result.rowCount());
            for (Row row : result) {
                CostEstimate e = new CostEstimate();
                e.scenarioId = row.getString("scenario_id");
                e.sweepId = row.getString("sweep_id");
                e.outcome = CostEstimate.Outcome.valueOf(row.getString("outcome"));
                e.event = row.getString("event");
                e.createdAt = row.getOffsetDateTime("created_at").toInstant();
                found.add(e);
            }
            return found;
        });
    }
}
