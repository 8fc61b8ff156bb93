package dev.estimator.compute.service;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.estimator.compute.domain.EfficiencyProfileEntity;
import dev.estimator.compute.domain.ReferenceRun;
import dev.estimator.compute.estimate.EfficiencyProfile;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.PublishedRun;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At start: inserts the published runs that are not stored yet (a restart duplicates nothing), and
 * rewrites the efficiency profiles, which are derived data (recomputed from the bundled runs).
 */
@ApplicationScoped
public class ReferenceDataSeeder {

    private static final Logger LOG = Logger.getLogger(ReferenceDataSeeder.class);

    void onStart(@Observes StartupEvent event) throws Throwable {
        List<PublishedRun> runs = PublishedRun.bundled();
        List<EfficiencyProfile> profiles = EfficiencyProfiles.bundled().all();
        try {
            // Replicas starting together may race on the same rows: a retry sees the other's committed rows.
            int inserted = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> seed(runs, profiles))
                    .onFailure().retry().atMost(3));
            LOG.infof("Reference data: %d of %d published runs inserted, %d efficiency profiles derived", inserted, runs.size(),
                    profiles.size());
        } catch (Exception e) {
            // Estimation does not read these tables (profiles are derived in memory): serve on, and say why the views may lag.
            LOG.warn("Could not store reference runs and efficiency profiles; /backtest and /efficiency-profiles may be stale", e);
        }
    }

    private Uni<Integer> seed(List<PublishedRun> runs, List<EfficiencyProfile> profiles) {
        return ReferenceRun.<ReferenceRun>listAll().chain(existing -> {
            Set<String> known = existing.stream().map(r -> r.id).collect(Collectors.toSet());
            List<ReferenceRun> fresh = runs.stream().filter(r -> !known.contains(r.id())).map(ReferenceDataSeeder::entity).toList();
            Uni<Void> insert = fresh.isEmpty() ? Uni.createFrom().voidItem() : ReferenceRun.persist(fresh);
            return insert.chain(() -> EfficiencyProfileEntity.deleteAll())
                    .chain(() -> EfficiencyProfileEntity.persist(profiles.stream().map(ReferenceDataSeeder::entity).toList()))
                    .replaceWith(fresh.size());
        });
    }

    static ReferenceRun entity(PublishedRun r) {
        ReferenceRun e = new ReferenceRun();
        e.id = r.id();
        e.model = r.model();
        e.paramsTotal = nan(r.paramsTotal());
        e.paramsActive = nan(r.paramsActive());
        e.tokens = nan(r.tokens());
        e.accelerator = r.accelerator();
        e.acceleratorCount = r.acceleratorCount() > 0 ? r.acceleratorCount() : null;
        e.acceleratorHours = nan(r.acceleratorHours());
        e.pfDays = nan(r.pfDays());
        e.energyMwh = nan(r.energyMwh());
        e.tco2 = nan(r.tco2());
        e.costUsd = nan(r.costUsd());
        e.pricePerAcceleratorHour = nan(r.pricePerAcceleratorHour());
        e.kind = r.kind();
        e.source = r.source();
        e.notes = r.notes();
        return e;
    }

    public static PublishedRun toRun(ReferenceRun e) {
        return new PublishedRun(e.id, e.model, v(e.paramsTotal), v(e.paramsActive), v(e.tokens), e.accelerator,
                e.acceleratorCount == null ? 0 : e.acceleratorCount, v(e.acceleratorHours), v(e.pfDays), v(e.energyMwh), v(e.tco2),
                v(e.costUsd), v(e.pricePerAcceleratorHour), e.kind, e.source, e.notes);
    }

    static EfficiencyProfileEntity entity(EfficiencyProfile p) {
        EfficiencyProfileEntity e = new EfficiencyProfileEntity();
        e.family = p.family().id();
        e.referenceUtilization = p.referenceUtilization();
        e.defaultUtilization = p.defaultUtilization();
        e.lowUtilization = p.lowUtilization();
        e.highUtilization = p.highUtilization();
        e.gpuHoursP10Multiplier = p.hoursP10Multiplier();
        e.gpuHoursP90Multiplier = p.hoursP90Multiplier();
        e.derivation = p.derivation();
        e.bandSource = p.bandSource();
        e.calibrationRuns = String.join(",", p.calibrationRuns());
        return e;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double v(Double d) {
        return d == null ? Double.NaN : d;
    }
}
