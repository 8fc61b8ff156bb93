package dev.estimator.catalog.rest;

import dev.estimator.catalog.service.IndustryChainService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The three chain layers (foundation, model, application) and the application sectors. */
@PermitAll
@Path("/industry-chain")
@Produces(MediaType.APPLICATION_JSON)
public class IndustryChainResource {

    @Inject
    IndustryChainService industryChain;

    @GET
    public Uni<IndustryChainService.IndustryChain> get() {
        return industryChain.industryChain();
    }
}
