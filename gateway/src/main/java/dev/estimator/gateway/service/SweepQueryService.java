package dev.estimator.gateway.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.domain.Sweep;
import dev.estimator.gateway.estimate.ParetoFront;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sweep progress, summary and pages of members, read from the registry. */
@ApplicationScoped
public class SweepQueryService {

    /** Progress and summary are read with plain SQL: they are polled, and need no entities. */
    @Inject
    Pool pool;

    /**
     * What a sweep summary needs of a finished member (a projection: no estimate JSON is parsed). The variant
     * is read only for the points the summary shows, and is null for the others.
     */
    public record CostTime(String id, Double costAmount, Double wallClockDays, String currency, String variant) {
    }

    public record Progress(long total, long completed, long rejected) {
        public long pending() {
            return total - completed - rejected;
        }
    }

    public record Summary(Sweep sweep, Progress progress, List<CostTime> points, List<ParetoFront.Point> paretoFront,
            ParetoFront.Point cheapest, ParetoFront.Point fastest) {
    }

    public record MemberPage(Sweep sweep, List<Scenario> members, long total) {
    }

    public Uni<Summary> summary(String sweepId) {
        return Panache.withSession(() -> Sweep.<Sweep>findById(sweepId)).chain(sweep -> {
            if (sweep == null) {
                return Uni.createFrom().nullItem();
            }
            return Uni.combine().all().unis(progress(sweep), points(sweepId)).asTuple()
                    .chain(t -> withVariants(summarize(sweep, t.getItem1(), t.getItem2())));
        });
    }

    /** One grouped count over the sweep's rows (index scan), not one count per status. */
    private Uni<Progress> progress(Sweep sweep) {
        return pool.preparedQuery("SELECT status, count(*) FROM scenario WHERE sweep_id = $1 GROUP BY status")
                .execute(Tuple.of(sweep.id)).map(rows -> {
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
                    return new Progress(sweep.scenarioCount, completed, rejected);
                });
    }

    /**
     * The finished members' cost and time, without their variant: the summary names only a handful of points,
     * so reading (and mapping) the variant text of 10,000 rows on every poll would be wasted.
     */
    private Uni<List<CostTime>> points(String sweepId) {
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

    /** Fills in the variant of the points the summary shows (cheapest, fastest, Pareto front). */
    private Uni<Summary> withVariants(Summary s) {
        Set<String> shown = new HashSet<>();
        s.paretoFront().forEach(p -> shown.add(p.id()));
        if (s.cheapest() != null) {
            shown.add(s.cheapest().id());
        }
        if (s.fastest() != null) {
            shown.add(s.fastest().id());
        }
        if (shown.isEmpty()) {
            return Uni.createFrom().item(s);
        }
        return pool.preparedQuery("SELECT id, variant FROM scenario WHERE id = ANY($1::text[])")
                .execute(Tuple.tuple().addArrayOfString(shown.toArray(String[]::new))).map(rows -> {
                    Map<String, String> variants = new HashMap<>();
                    rows.forEach(row -> variants.put(row.getString(0), row.getString(1)));
                    List<CostTime> points = s.points().stream().map(p -> variants.containsKey(p.id())
                            ? new CostTime(p.id(), p.costAmount(), p.wallClockDays(), p.currency(), variants.get(p.id()))
                            : p).toList();
                    return new Summary(s.sweep(), s.progress(), points, s.paretoFront(), s.cheapest(), s.fastest());
                });
    }

    static Summary summarize(Sweep sweep, Progress progress, List<CostTime> rows) {
        List<ParetoFront.Point> all = rows.stream()
                .map(r -> new ParetoFront.Point(r.id(), r.costAmount(), r.wallClockDays() == null ? Double.NaN : r.wallClockDays()))
                .toList();
        // Without a wall-clock time (no hardware.count or deadline) a point can be cheapest but not on a time trade-off.
        List<ParetoFront.Point> timed = all.stream().filter(p -> !Double.isNaN(p.days())).toList();
        return new Summary(sweep, progress, rows, ParetoFront.of(timed), ParetoFront.cheapest(all).orElse(null),
                ParetoFront.fastest(timed).orElse(null));
    }

    public Uni<MemberPage> members(String sweepId, int page, int size) {
        return Panache.withSession(() -> Sweep.<Sweep>findById(sweepId).chain(sweep -> sweep == null ? Uni.createFrom().nullItem()
                : Scenario.<Scenario>find("sweepId", Sort.by("sweepIndex"), sweepId).page(Page.of(page, size)).list()
                        .map(members -> new MemberPage(sweep, members, sweep.scenarioCount))));
    }
}
