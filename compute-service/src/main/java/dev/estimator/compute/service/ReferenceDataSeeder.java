package dev.estimator.compute.service;

import java.util.List;

import org.jboss.logging.Logger;

import dev.estimator.compute.estimate.EfficiencyProfile;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.PublishedRun;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** At start (after the Flyway migration): stores the bundled published runs and the profiles derived from them. */
@ApplicationScoped
public class ReferenceDataSeeder {

    private static final Logger LOG = Logger.getLogger(ReferenceDataSeeder.class);

    @Inject
    ReferenceDataService referenceData;

    void onStart(@Observes StartupEvent event) {
        List<PublishedRun> runs = PublishedRun.bundled();
        List<EfficiencyProfile> profiles = EfficiencyProfiles.bundled().all();
        try {
            // Replicas starting together may race on the same rows: a retry sees the other's committed rows.
            int inserted = VertxContextSupport.subscribeAndAwait(() -> referenceData.seed(runs, profiles)
                    .onFailure().retry().atMost(3));
            LOG.infof("Reference data: %d of %d published runs inserted, %d efficiency profiles derived", inserted, runs.size(),
                    profiles.size());
            // Compute the leave-one-out backtest now, in the background, so the first GET /backtest (behind the gateway's
            // 5 s read timeout) finds it ready.
            VertxContextSupport.subscribe(() -> referenceData.backtest().toMulti(), s -> s.with(
                    report -> LOG.infof("Backtest ready: leave-one-out median error %.3f over %d runs",
                            report.summary().medianAbsoluteError(), report.summary().count()),
                    e -> LOG.warn("Backtest not precomputed; GET /backtest will compute it", e)));
        } catch (Throwable e) {
            // Estimation does not read these tables (profiles are derived in memory): serve on, and say why the views may lag.
            LOG.warn("Could not store reference runs and efficiency profiles; /backtest and /efficiency-profiles may be stale", e);
        }
    }
}
