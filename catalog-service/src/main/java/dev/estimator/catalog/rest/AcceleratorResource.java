package dev.estimator.catalog.rest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

import dev.estimator.catalog.service.AcceleratorService;
import dev.estimator.catalog.service.Page;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/**
 * Accelerators; the {@code organization} filter matches the vendor. Read by anyone, edited with role admin (each method
 * not @PermitAll; the gateway checks it too).
 */
@RolesAllowed("admin")
@Path("/accelerators")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AcceleratorResource {

    @Inject
    AcceleratorService accelerators;

    @GET
    @PermitAll
    public Uni<Page<AcceleratorData>> list(
            @QueryParam("organization") @Parameter(description = "The vendor's organization id") String organization,
            @QueryParam("q") @Parameter(description = "Free text over id, name, vendor and notes") String q,
            @Valid @BeanParam ListQuery list) {
        return accelerators.list(organization, q, list.toRequest()).map(page -> page.map(AcceleratorData::of));
    }

    @GET
    @PermitAll
    @Path("/{id}")
    @APIResponseSchema(AcceleratorData.class)
    @APIResponse(responseCode = "404", description = "No such accelerator; the detail suggests the closest id")
    public Uni<AcceleratorData> get(@PathParam("id") String id) {
        return accelerators.get(id).map(AcceleratorData::of);
    }

    @POST
    @APIResponseSchema(value = AcceleratorData.class, responseCode = "201", responseDescription = "Created")
    @APIResponse(responseCode = "409", description = "The id exists; use PUT to replace it")
    public Uni<RestResponse<AcceleratorData>> create(
            @NotNull @Valid @ConvertGroup(from = Default.class, to = OnCreate.class) AcceleratorData body) {
        return accelerators.create(body.toEntity())
                .map(saved -> RestResponse.ResponseBuilder.<AcceleratorData>created(URI.create("/accelerators/" + saved.id))
                        .entity(AcceleratorData.of(saved)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<AcceleratorData> replace(@PathParam("id") String id, @NotNull @Valid AcceleratorData body) {
        return accelerators.replace(id, body.toEntity()).map(AcceleratorData::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") String id) {
        return accelerators.delete(id);
    }
}
