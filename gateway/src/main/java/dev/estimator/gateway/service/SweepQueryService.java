package dev.estimator.gateway.service;

import java.util.List;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.domain.Sweep;
import dev.estimator.gateway.estimate.ParetoFront;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sweep progress, summary and pages of members, read from the registry. */
@ApplicationScoped
public class SweepQueryService {

    /** What a sweep summary needs of a finished member (a projection: no estimate JSON is parsed). */
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
        return Panache.withSession(() -> Sweep.<Sweep>findById(sweepId).chain(sweep -> {
            if (sweep == null) {
                return Uni.createFrom().nullItem();
            }
            return Scenario.count("sweepId = ?1 and status = ?2", sweepId, Scenario.Status.COMPLETED)
                    .chain(completed -> Scenario.count("sweepId = ?1 and status = ?2", sweepId, Scenario.Status.REJECTED)
                            .chain(rejected -> Scenario.find("sweepId = ?1 and status = ?2 and costAmount is not null",
                                    sweepId, Scenario.Status.COMPLETED).project(CostTime.class).list()
                                    .map(points -> summarize(sweep, new Progress(sweep.scenarioCount, completed, rejected), points))));
        }));
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
