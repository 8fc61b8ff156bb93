package dev.estimator.compute.rest;

import java.util.List;

import dev.estimator.compute.domain.EfficiencyProfileEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/efficiency-profiles")
@Produces(MediaType.APPLICATION_JSON)
public class EfficiencyProfileResource {

    /** Default utilization per accelerator family, its band and where it comes from. */
    @GET
    @WithSession
    public Uni<List<EfficiencyProfileEntity>> list() {
        return EfficiencyProfileEntity.listAll(io.quarkus.panache.common.Sort.by("family"));
    }
}
