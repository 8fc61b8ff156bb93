package dev.estimator.catalog.rest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestResponse;

import dev.estimator.catalog.service.OrganizationService;
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

/** Organizations: read by anyone, edited with role admin (each method not @PermitAll; the gateway checks it too). */
@RolesAllowed("admin")
@Path("/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    @Inject
    OrganizationService organizations;

    @GET
    @PermitAll
    public Uni<Page<OrganizationData>> list(
            @QueryParam("kind") @Parameter(description = "big-tech, startup, lab, academia, chip-vendor or cloud") String kind,
            @QueryParam("country") @Parameter(description = "ISO 3166-1 alpha-2 code") String country,
            @QueryParam("q") @Parameter(description = "Free text over id, name, own cloud and notes") String q,
            @Valid @BeanParam ListQuery list) {
        return organizations.list(kind, country, q, list.toRequest()).map(page -> page.map(OrganizationData::of));
    }

    @GET
    @PermitAll
    @Path("/{id}")
    @APIResponseSchema(OrganizationData.class)
    @APIResponse(responseCode = "404", description = "No such organization; the detail suggests the closest id")
    public Uni<OrganizationData> get(@PathParam("id") String id) {
        return organizations.get(id).map(OrganizationData::of);
    }

    @POST
    @APIResponseSchema(value = OrganizationData.class, responseCode = "201", responseDescription = "Created")
    @APIResponse(responseCode = "409", description = "The id exists; use PUT to replace it")
    public Uni<RestResponse<OrganizationData>> create(
            @NotNull @Valid @ConvertGroup(from = Default.class, to = OnCreate.class) OrganizationData body) {
        return organizations.create(body.toEntity())
                .map(saved -> RestResponse.ResponseBuilder.<OrganizationData>created(URI.create("/organizations/" + saved.id))
                        .entity(OrganizationData.of(saved)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<OrganizationData> replace(@PathParam("id") String id, @NotNull @Valid OrganizationData body) {
        return organizations.replace(id, body.toEntity()).map(OrganizationData::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") String id) {
        return organizations.delete(id);
    }
}
