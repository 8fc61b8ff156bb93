package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.client.Backends;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Catalog reads (anyone) and edits (admin), proxied to catalog-service (docs/architecture.md, "Components"). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog", description = "Models, accelerators, organizations, industry chain, history (proxied to catalog-service)")
public class CatalogResource {

    static final String COLLECTIONS = "models|accelerators|organizations";
    /** catalog-service's paging bounds (its ListQuery). */
    static final int MAX_PAGE = 999_999;
    static final int MAX_SIZE = 200;
    static final String EXAMPLE_PAGE = """
            {"items": [{"id": "nvidia-h100-sxm", "vendor": "NVIDIA", "name": "H100 SXM", "peakTflops": {"bf16": 989.4},
              "memoryGb": 80, "bandwidthTbps": 3.35, "tdpWatts": 700}], "page": 0, "size": 20, "total": 13}""";
    static final String EXAMPLE_MODEL = """
            {"id": "llama-2-70b", "name": "Llama 2 70B", "organization": "meta", "architecture": "dense",
             "parameters": 7.0e10, "modalitiesIn": ["text"], "modalitiesOut": ["text"], "trainingTokens": 2.0e12}""";

    @Inject
    Backends backends;

    @GET
    @Path("/{collection: " + COLLECTIONS + "}")
    @PermitAll
    @Operation(summary = "List models, accelerators or organizations", description = "Filters and paging as catalog-service: "
            + "modality, organization, architecture, q (free text), page (0-based), size (max 200), sort (field, -field descending).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = EXAMPLE_PAGE)))
    @APIResponse(responseCode = "400", description = "Bad page, size or filter, named in errors[]", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> list(@Parameter(in = ParameterIn.PATH, schema = @Schema(enumeration = { "models", "accelerators", "organizations" }))
            @PathParam("collection") String collection, @RestQuery String modality, @RestQuery String organization,
            @RestQuery String architecture, @RestQuery String q,
            @Parameter(description = "0-based page", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "999999"))
            @RestQuery String page,
            @Parameter(description = "Items per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
            @RestQuery String size, @RestQuery String sort) {
        // Checked here as catalog-service checks them, so a bad one is a 400 naming it without a call.
        Integer p = RequestParams.integer("page", page, 0, MAX_PAGE);
        Integer s = RequestParams.integer("size", size, 1, MAX_SIZE);
        String m = RequestParams.filter("modality", modality);
        String o = RequestParams.filter("organization", organization);
        String a = RequestParams.filter("architecture", architecture);
        String text = RequestParams.filter("q", q);
        String order = RequestParams.filter("sort", sort);
        return backends.catalogRead(() -> backends.catalog().list(collection, m, o, a, text, p, s, order))
                .map(BackendReplies::toResponse);
    }

    @GET
    @Path("/{collection: " + COLLECTIONS + "}/{id}")
    @PermitAll
    @Operation(summary = "One model, accelerator or organization")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "model", value = EXAMPLE_MODEL)))
    @APIResponse(responseCode = "404", description = "Unknown id (one that is not a lowercase slug is answered without asking "
            + "catalog-service)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> get(@PathParam("collection") String collection, @PathParam("id") String id) {
        RequestParams.catalogId(id, collection);
        return backends.catalogRead(() -> backends.catalog().get(collection, id)).map(BackendReplies::toResponse);
    }

    @POST
    @Path("/{collection: " + COLLECTIONS + "}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Add a model, accelerator or organization (admin)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "model", value = EXAMPLE_MODEL)))
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid entry (from catalog-service)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    public Uni<Response> create(@PathParam("collection") String collection, String body) {
        return backends.catalogCreate(() -> backends.catalog().create(collection, body)).map(BackendReplies::toResponse);
    }

    @PUT
    @Path("/{collection: " + COLLECTIONS + "}/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Replace a model, accelerator or organization (admin)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "model", value = EXAMPLE_MODEL)))
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> update(@PathParam("collection") String collection, @PathParam("id") String id, String body) {
        RequestParams.catalogId(id, collection);
        return backends.catalogWrite(() -> backends.catalog().update(collection, id, body)).map(BackendReplies::toResponse);
    }

    @DELETE
    @Path("/{collection: " + COLLECTIONS + "}/{id}")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete a model, accelerator or organization (admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> delete(@PathParam("collection") String collection, @PathParam("id") String id) {
        RequestParams.catalogId(id, collection);
        return backends.catalogWrite(() -> backends.catalog().delete(collection, id)).map(BackendReplies::toResponse);
    }

    @GET
    @Path("/industry-chain")
    @PermitAll
    @Operation(summary = "The industry chain: foundation, model and application layers")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "chain",
            value = "{\"layers\": [{\"layer\": \"foundation\", \"segments\": [{\"name\": \"Compute\", \"description\": \"GPUs, AI accelerators, clouds\"}]}]}")))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> industryChain() {
        return backends.catalogRead(() -> backends.catalog().industryChain()).map(BackendReplies::toResponse);
    }

    @GET
    @Path("/history")
    @PermitAll
    @Operation(summary = "Development phases with milestone models and the fitted training-compute doubling time")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "history",
            value = "{\"phases\": [{\"name\": \"Rise of large models\", \"from\": 2020, \"to\": 2022, \"milestones\": [\"gpt-3-175b\"]}], \"doublingTimeMonths\": 6.0}")))
    @APIResponse(responseCode = "503", description = "catalog-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> history() {
        return backends.catalogRead(() -> backends.catalog().history()).map(BackendReplies::toResponse);
    }
}
