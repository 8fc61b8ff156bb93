package dev.estimator.compute.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.compute.estimate.Backtest;
import dev.estimator.compute.service.ReferenceDataService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/backtest")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reference data")
public class BacktestResource {

    @Inject
    ReferenceDataService referenceData;

    @GET
    @Operation(summary = "Estimator vs published training runs, leave-one-out", description = "Per stored reference run: "
            + "accelerator-hours estimated with the utilization model fitted WITHOUT that run, vs the published hours (and "
            + "PF-days, energy where published), the relative error, the p10-p90 range and whether the published value is "
            + "inside it; a summary (median absolute error and share inside the range, all runs and text and multi-modal "
            + "separately); and per effect of the model the leave-one-out error with and without it (docs/method/compute.md, "
            + "Backtest).")
    public Uni<Backtest.BacktestReport> backtest() {
        return referenceData.backtest();
    }
}
