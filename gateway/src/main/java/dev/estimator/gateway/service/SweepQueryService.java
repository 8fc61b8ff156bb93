package dev.estimator.gateway.service;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.gateway.estimate.ParetoFront;
import dev.estimator.gateway.event.FinishedEvent;
import dev.estimator.gateway.repository.RegistryStore;
import dev.estimator.gateway.repository.RegistryStore.CostTime;
import dev.estimator.gateway.repository.RegistryStore.StatusCounts;
import dev.estimator.gateway.repository.Scenario;
import dev.estimator.gateway.repository.ScenarioRepository;
import dev.estimator.gateway.repository.Sweep;
import dev.estimator.gateway.repository.SweepRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sweep progress, summary and pages of members, read from the registry. */
@ApplicationScoped
public class SweepQueryService {

    @Inject
    SweepRepository sweeps;

    @Inject
    ScenarioRepository scenarios;

    /** Progress and summary are projections in plain SQL: they are polled, and need no entities. */
    @Inject
    RegistryStore registry;

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

    /** @throws UnknownIdException if no sweep has this id */
    @WithSession
    public Uni<Summary> summary(String sweepId) {
        return sweep(sweepId).chain(sweep -> Uni.combine().all().unis(registry.statusCounts(sweepId), registry.costTimes(sweepId))
                .asTuple().chain(t -> withVariants(summarize(sweep, progress(sweep, t.getItem1()), t.getItem2()))));
    }

    /** @throws UnknownIdException if no sweep has this id */
    @WithSession
    public Uni<MemberPage> members(String sweepId, int page, int size) {
        return sweep(sweepId).chain(sweep -> scenarios.sweepPage(sweepId, page, size)
                .map(members -> new MemberPage(sweep, members, sweep.scenarioCount)));
    }

    private Uni<Sweep> sweep(String sweepId) {
        return sweeps.findById(sweepId).onItem().ifNull().failWith(() -> new UnknownIdException("No sweep '" + sweepId + "'"));
    }

    private static Progress progress(Sweep sweep, StatusCounts counts) {
        return new Progress(sweep.scenarioCount, counts.completed(), counts.rejected());
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
        return registry.variants(shown).map(variants -> {
            List<CostTime> points = s.points().stream().map(p -> variants.containsKey(p.id())
                    ? new CostTime(p.id(), p.costAmount(), p.wallClockDays(), p.currency(), variants.get(p.id()))
                    : p).toList();
            return new Summary(s.sweep(), s.progress(), points, s.paretoFront(), s.cheapest(), s.fastest());
        });
    }

    static Summary summarize(Sweep sweep, Progress progress, List<CostTime> rows) {
        // Costs are compared in one currency: the registry stores them in USD (FinishedEvent converts at each
        // estimate's own rate). A member stored in another currency (one recorded before, or without a rate) is left
        // out of the comparison rather than compared as if its amount were dollars.
        boolean mixed = rows.stream().map(CostTime::currency).filter(c -> c != null).distinct().count() > 1;
        List<ParetoFront.Point> all = rows.stream()
                .filter(r -> !mixed || FinishedEvent.COMPARISON_CURRENCY.equals(r.currency()))
                .map(r -> new ParetoFront.Point(r.id(), r.costAmount(), r.wallClockDays() == null ? Double.NaN : r.wallClockDays()))
                .toList();
        // Without a wall-clock time (no hardware.count or deadline) a point can be cheapest but not on a time trade-off.
        List<ParetoFront.Point> timed = all.stream().filter(p -> !Double.isNaN(p.days())).toList();
        return new Summary(sweep, progress, rows, ParetoFront.of(timed), ParetoFront.cheapest(all).orElse(null),
                ParetoFront.fastest(timed).orElse(null));
    }
}
