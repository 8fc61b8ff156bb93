package dev.estimator.catalog.rest;

import java.util.List;

import dev.estimator.catalog.domain.Accelerator;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/accelerators")
@Produces(MediaType.APPLICATION_JSON)
public class AcceleratorResource {

    @GET
    @WithSession
    public Uni<List<Accelerator>> list() {
        return Accelerator.listAll(Sort.by("id"));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Accelerator> get(@PathParam("id") String id) {
        return Accelerator.<Accelerator>findById(id)
                .onItem().ifNull().failWith(() -> new NotFoundException("No accelerator '" + id + "'"));
    }
}
