package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.estimator.gateway.service.Reproductions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The seed report's headline figures and how the estimator reproduces them (docs/reproductions.md). */
@Path("/api/v1/reproductions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reproductions", description = "The seed report's headline figures, each with a scenario that reproduces it")
public class ReproductionResource {

    @Inject
    Reproductions reproductions;

    @GET
    @PermitAll
    @Operation(operationId = "listReproductions", summary = "The seed's headline figures and the scenarios that reproduce them",
            description = "Each item: the claim in the seed's words, its source, a complete scenario to POST to "
                    + "/api/v1/scenarios, the estimate field that reproduces it, the published figure (a value with a "
                    + "relative tolerance, or bounds) and the value the latest completed run of exactly that scenario "
                    + "gave (null until it has been run).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Reproduction.Page.class)))
    public Uni<Reproduction.Page> list() {
        return reproductions.list().map(Reproduction.Page::new);
    }
}
