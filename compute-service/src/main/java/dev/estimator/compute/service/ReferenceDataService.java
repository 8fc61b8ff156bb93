package dev.estimator.compute.service;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.estimator.compute.estimate.Backtest;
import dev.estimator.compute.estimate.EfficiencyProfile;
import dev.estimator.compute.estimate.PublishedRun;
import dev.estimator.compute.repository.EfficiencyProfileEntity;
import dev.estimator.compute.repository.EfficiencyProfileRepository;
import dev.estimator.compute.repository.ReferenceRun;
import dev.estimator.compute.repository.ReferenceRunRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
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

    @Inject
    ComputeEstimationService estimation;

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

    /** Estimated vs published values for every stored reference run, with default profiles, and a summary. */
    @WithSession
    public Uni<Backtest.BacktestReport> backtest() {
        return runs.listAll(Sort.by("id"))
                .map(stored -> Backtest.run(stored.stream().map(ReferenceRows::run).toList(), estimation.estimator()));
    }

    /** The stored efficiency profiles, by family. */
    @WithSession
    public Uni<List<EfficiencyProfileEntity>> profiles() {
        return profiles.listAll(Sort.by("family"));
    }
}
