package dev.estimator.compute.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.compute.service.ReferenceDataService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/efficiency-profiles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reference data")
public class EfficiencyProfileResource {

    @Inject
    ReferenceDataService referenceData;

    @GET
    @Operation(summary = "Default utilization per accelerator family", description = "Reference and default utilization, band, "
            + "derivation and source runs of each family (docs/method/compute.md, Efficiency profiles).")
    public Uni<List<EfficiencyProfileResponse>> list() {
        return referenceData.profiles().map(rows -> rows.stream().map(EfficiencyProfileResponse::of).toList());
    }
}
