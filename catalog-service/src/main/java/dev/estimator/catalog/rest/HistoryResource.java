package dev.estimator.catalog.rest;

import dev.estimator.catalog.service.HistoryService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The development history: phases with their milestone models, and the training-compute trend. */
@PermitAll
@Path("/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    HistoryService history;

    @GET
    public Uni<HistoryService.History> get() {
        return history.history();
    }
}
