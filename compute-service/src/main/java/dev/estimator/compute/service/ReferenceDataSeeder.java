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
        } catch (Throwable e) {
            // Estimation does not read these tables (profiles are derived in memory): serve on, and say why the views may lag.
            LOG.warn("Could not store reference runs and efficiency profiles; /backtest and /efficiency-profiles may be stale", e);
        }
    }
}
