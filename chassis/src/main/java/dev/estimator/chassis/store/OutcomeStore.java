package dev.estimator.chassis.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A stage's idempotent outcome table: one row per scenario id, first writer wins, written a whole batch in one
 * statement. Every row remembers the input record that produced it ({@code source_partition},
 * {@code source_offset}), which is what makes the stage exactly-once together with Kafka transactions:
 * <ul>
 * <li>the same record seen again (its transaction never committed: crash, broker outage, rebalance) finds its
 * own row and publishes that stored outcome again, unchanged;</li>
 * <li>another record for a scenario that already has a row (an upstream re-send, a DLQ replay) is a duplicate
 * and publishes nothing: the record that made the row either committed its output or will be seen again.</li>
 * </ul>
 * The table has the columns {@code scenario_id} (primary key), {@code sweep_id}, {@code outcome}, {@code event},
 * {@code created_at}, {@code source_partition}, {@code source_offset}; the owning service creates it in a Flyway
 * migration and reads it only through this class ({@link #find}, {@link #list}). Rows are never deleted.
 */
public final class OutcomeStore {

    /** An outcome to store: what the stage decided for one input record. */
    public record Outcome(String scenarioId, String sweepId, String kind, String event, Instant createdAt,
            int sourcePartition, long sourceOffset) {
    }

    /** The outcome stored for a scenario, and whether this input record is the one that must publish it. */
    public record Stored(Outcome outcome, boolean publish) {
    }

    /** One page of stored outcomes of one kind, oldest first, and how many there are in all. */
    public record Page(List<Outcome> items, long total) {
    }

    private static final String COLUMNS = "scenario_id, sweep_id, outcome, event, created_at, source_partition, source_offset";

    private final Pool pool;
    private final String insert;
    private final String select;
    private final String selectOne;
    private final String selectPage;
    private final String count;

    /** @param table the stage's outcome table (a trusted constant, never user input) */
    public OutcomeStore(Pool pool, String table) {
        this.pool = pool;
        this.insert = "INSERT INTO " + table + " (scenario_id, sweep_id, outcome, event, created_at, source_partition, source_offset) "
                + "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::bigint[]) "
                + "ON CONFLICT (scenario_id) DO NOTHING RETURNING scenario_id";
        this.select = "SELECT " + COLUMNS + " FROM " + table + " WHERE scenario_id = ANY($1::text[])";
        this.selectOne = "SELECT " + COLUMNS + " FROM " + table + " WHERE scenario_id = $1";
        // $2 null: every sweep (and none). Ordered by (created_at, scenario_id) so pages are stable.
        this.selectPage = "SELECT " + COLUMNS + " FROM " + table + " WHERE outcome = $1 AND ($2::text IS NULL OR sweep_id = $2)"
                + " ORDER BY created_at, scenario_id OFFSET $3 LIMIT $4";
        this.count = "SELECT count(*) FROM " + table + " WHERE outcome = $1 AND ($2::text IS NULL OR sweep_id = $2)";
    }

    /** The outcome stored for a scenario, if any. */
    public Uni<Optional<Outcome>> find(String scenarioId) {
        return pool.preparedQuery(selectOne).execute(Tuple.of(scenarioId)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(read(it.next())) : Optional.empty();
        });
    }

    /**
     * Outcomes of one kind, optionally of one sweep ({@code sweepId} null: all), oldest first.
     *
     * @param offset rows to skip (the caller bounds it: page times size must not overflow)
     */
    public Uni<Page> list(String kind, String sweepId, long offset, int limit) {
        Tuple filter = Tuple.of(kind, sweepId);
        return pool.preparedQuery(selectPage).execute(Tuple.of(kind, sweepId, offset, limit))
                .chain(rows -> {
                    List<Outcome> items = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> items.add(read(row)));
                    return pool.preparedQuery(count).execute(filter)
                            .map(counted -> new Page(items, counted.iterator().next().getLong(0)));
                });
    }

    /**
     * Stores the outcomes whose scenario has no row yet and returns, per scenario id (in input order), the row as
     * stored and whether to publish it. Within one call, the first outcome of an id wins; pass one per id.
     */
    public Uni<Map<String, Stored>> insertOrRead(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, Outcome> distinct = new LinkedHashMap<>();
        outcomes.forEach(o -> distinct.putIfAbsent(o.scenarioId(), o));
        int n = distinct.size();
        String[] ids = new String[n];
        String[] sweeps = new String[n];
        String[] kinds = new String[n];
        String[] events = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        int i = 0;
        for (Outcome o : distinct.values()) {
            ids[i] = o.scenarioId();
            sweeps[i] = o.sweepId();
            kinds[i] = o.kind();
            events[i] = o.event();
            created[i] = o.createdAt().atOffset(ZoneOffset.UTC);
            partitions[i] = o.sourcePartition();
            offsets[i] = o.sourceOffset();
            i++;
        }
        Tuple params = Tuple.tuple().addArrayOfString(ids).addArrayOfString(sweeps).addArrayOfString(kinds)
                .addArrayOfString(events).addArrayOfOffsetDateTime(created).addArrayOfInteger(partitions)
                .addArrayOfLong(offsets);
        return pool.preparedQuery(insert).execute(params).chain(inserted -> {
            Set<String> mine = new HashSet<>(inserted.rowCount() * 2);
            inserted.forEach(row -> mine.add(row.getString(0)));
            Map<String, Stored> byId = new LinkedHashMap<>(n * 2);
            List<String> existing = new ArrayList<>();
            for (Outcome o : distinct.values()) {
                if (mine.contains(o.scenarioId())) {
                    byId.put(o.scenarioId(), new Stored(o, true));
                } else {
                    existing.add(o.scenarioId());
                    byId.put(o.scenarioId(), null);
                }
            }
            if (existing.isEmpty()) {
                return Uni.createFrom().item(byId);
            }
            return pool.preparedQuery(select).execute(Tuple.tuple().addArrayOfString(existing.toArray(new String[0])))
                    .map(rows -> {
                        Map<String, Outcome> found = new HashMap<>();
                        rows.forEach(row -> found.put(row.getString("scenario_id"), read(row)));
                        for (String id : existing) {
                            Outcome stored = found.get(id);
                            if (stored == null) {
                                // Rows are never deleted, so this is a broken invariant, not a race to paper over.
                                throw new IllegalStateException("Neither inserted nor found: scenario " + id);
                            }
                            byId.put(id, new Stored(stored, isSameRecord(stored, distinct.get(id))));
                        }
                        return byId;
                    });
        });
    }

    /** The stored row came from this very input record (an earlier attempt that did not commit its output). */
    static boolean isSameRecord(Outcome stored, Outcome attempt) {
        return stored.sourceOffset() < 0
                || (stored.sourcePartition() == attempt.sourcePartition() && stored.sourceOffset() == attempt.sourceOffset());
    }

    private static Outcome read(Row row) {
        Integer partition = row.getInteger("source_partition");
        Long offset = row.getLong("source_offset");
        return new Outcome(row.getString("scenario_id"), row.getString("sweep_id"), row.getString("outcome"),
                row.getString("event"), row.getOffsetDateTime("created_at").toInstant(),
                partition == null ? -1 : partition, offset == null ? -1 : offset);
    }
}
