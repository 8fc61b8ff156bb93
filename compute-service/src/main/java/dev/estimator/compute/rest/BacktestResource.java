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
    @Operation(summary = "Estimator vs published training runs", description = "Per stored reference run, with default profiles: "
            + "estimated vs published accelerator-hours (and PF-days, energy where published), relative errors, the p10-p90 "
            + "range and whether the published value is inside it; and a summary (docs/method/compute.md, Backtest).")
    public Uni<Backtest.BacktestReport> backtest() {
        return referenceData.backtest();
    }
}
