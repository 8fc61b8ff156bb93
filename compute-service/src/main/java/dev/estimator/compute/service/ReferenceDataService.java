package dev.estimator.compute.service;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.estimator.compute.estimate.Backtest;
import dev.estimator.compute.estimate.EfficiencyProfile;
import dev.estimator.compute.estimate.PublishedRun;
import dev.estimator.compute.repository.EfficiencyProfileEntity;
import dev.estimator.compute.repository.EfficiencyProfileRepository;
import dev.estimator.compute.repository.ReferenceRun;
import dev.estimator.compute.repository.ReferenceRunRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The reference data this service owns: the published runs (inserted when missing, never changed) and the efficiency
 * profiles derived from them (rewritten at every start: derived data), and the views over them.
 */
@ApplicationScoped
public class ReferenceDataService {

    @Inject
    ReferenceRunRepository runs;

    @Inject
    EfficiencyProfileRepository profiles;

    /** Stores the runs not stored yet (a restart duplicates nothing) and replaces the profiles; returns how many runs were new. */
    @WithTransaction
    public Uni<Integer> seed(List<PublishedRun> published, List<EfficiencyProfile> derived) {
        return runs.listAll().chain(existing -> {
            Set<String> known = existing.stream().map(r -> r.id).collect(Collectors.toSet());
            List<ReferenceRun> fresh = published.stream().filter(r -> !known.contains(r.id())).map(ReferenceRows::entity).toList();
            Uni<Void> insert = fresh.isEmpty() ? Uni.createFrom().voidItem() : runs.persist(fresh);
            return insert.chain(() -> profiles.deleteAll())
                    .chain(() -> profiles.persist(derived.stream().map(ReferenceRows::entity).toList()))
                    .replaceWith(fresh.size());
        });
    }

    /**
     * Leave-one-out estimates vs published values for every stored reference run, and a summary. A stored run that the
     * bundled file also has is taken from the file, which carries the columns the table does not (sequence length, width,
     * precision, how the hours were counted, modality); the report of a given set of runs is computed once.
     */
    public Uni<Backtest.BacktestReport> backtest() {
        // The session is opened and closed on the event loop; only the calculation moves to a worker thread.
        return Panache.withSession(() -> runs.listAll(Sort.by("id"))).map(stored -> {
            Map<String, PublishedRun> bundled = PublishedRun.bundled().stream()
                    .collect(Collectors.toMap(PublishedRun::id, r -> r, (a, b) -> a));
            return stored.stream().map(e -> bundled.getOrDefault(e.id, ReferenceRows.run(e))).toList();
        })
                // A leave-one-out report refits the model about n^2 times (a second or two of CPU): never on the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(this::cachedBacktest);
    }

    private volatile List<PublishedRun> backtestRuns;
    private volatile Backtest.BacktestReport backtestReport;

    /** Synchronized: concurrent first requests compute the report once. */
    private synchronized Backtest.BacktestReport cachedBacktest(List<PublishedRun> merged) {
        Backtest.BacktestReport report = backtestReport;
        if (report == null || !merged.equals(backtestRuns)) {
            report = Backtest.run(merged);
            backtestRuns = merged;
            backtestReport = report;
        }
        return report;
    }

    /** The stored efficiency profiles, by family. */
    @WithSession
    public Uni<List<EfficiencyProfileEntity>> profiles() {
        return profiles.listAll(Sort.by("family"));
    }
}
