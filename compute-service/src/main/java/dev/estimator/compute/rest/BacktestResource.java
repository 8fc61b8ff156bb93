package dev.estimator.compute.rest;

import dev.estimator.compute.domain.ReferenceRun;
import dev.estimator.compute.estimate.Backtest;
import dev.estimator.compute.service.ComputeEstimationService;
import dev.estimator.compute.service.ReferenceDataSeeder;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/backtest")
@Produces(MediaType.APPLICATION_JSON)
public class BacktestResource {

    @Inject
    ComputeEstimationService estimation;

    /** Estimated vs published values for every stored reference run, with default profiles, and a summary. */
    @GET
    @WithSession
    public Uni<Backtest.Report> backtest() {
        return ReferenceRun.<ReferenceRun>listAll(Sort.by("id"))
                .map(runs -> Backtest.run(runs.stream().map(ReferenceDataSeeder::toRun).toList(), estimation.estimator()));
    }
}
