package dev.estimator.catalog.rest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

import dev.estimator.catalog.service.ModelService;
import dev.estimator.catalog.service.Page;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.groups.ConvertGroup;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Models: read by anyone, edited with role admin (each method not @PermitAll; the gateway checks it too). */
@RolesAllowed("admin")
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    ModelService models;

    @GET
    @PermitAll
    public Uni<Page<ModelData>> list(
            @QueryParam("modality") @Parameter(description = "text, image, audio or video, as input or output")
            @Pattern(regexp = ModelData.MODALITY, message = "must be one of [text, image, audio, video]") String modality,
            @QueryParam("organization") @Parameter(description = "Organization id") String organization,
            @QueryParam("architecture") @Pattern(regexp = "(?i)dense|moe", message = "must be one of [dense, moe]") String architecture,
            @QueryParam("q") @Parameter(description = "Free text over id, name, organization and notes") String q,
            @Valid @BeanParam ListQuery list) {
        return models.list(modality == null ? null : modality.toLowerCase(), organization, architecture, q, list.toRequest())
                .map(page -> page.map(ModelData::of));
    }

    @GET
    @PermitAll
    @Path("/{id}")
    @APIResponseSchema(ModelData.class)
    @APIResponse(responseCode = "404", description = "No such model; the detail suggests the closest id")
    public Uni<ModelData> get(@PathParam("id") String id) {
        return models.get(id).map(ModelData::of);
    }

    @POST
    @APIResponseSchema(value = ModelData.class, responseCode = "201", responseDescription = "Created")
    @APIResponse(responseCode = "409", description = "The id exists; use PUT to replace it")
    public Uni<RestResponse<ModelData>> create(
            @NotNull @Valid @ConvertGroup(from = Default.class, to = OnCreate.class) ModelData body) {
        return models.create(body.toEntity())
                .map(saved -> RestResponse.ResponseBuilder.<ModelData>created(URI.create("/models/" + saved.id))
                        .entity(ModelData.of(saved)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<ModelData> replace(@PathParam("id") String id, @NotNull @Valid ModelData body) {
        return models.replace(id, body.toEntity()).map(ModelData::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") String id) {
        return models.delete(id);
    }
}
