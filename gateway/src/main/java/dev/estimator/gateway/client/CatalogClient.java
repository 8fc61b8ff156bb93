package dev.estimator.gateway.client;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** catalog-service: the collections {@code models}, {@code accelerators}, {@code organizations}, and its reference data. */
@RegisterRestClient(configKey = "catalog")
// The caller's token goes with every call: the backend checks it on edits.
@RegisterClientHeaders(ForwardedAuthorization.class)
@Path("/")
public interface CatalogClient {

    @GET
    @Path("{collection}")
    Uni<Response> list(@PathParam("collection") String collection, @QueryParam("modality") String modality,
            @QueryParam("organization") String organization, @QueryParam("architecture") String architecture,
            @QueryParam("q") String q, @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("sort") String sort);

    @GET
    @Path("{collection}/{id}")
    Uni<Response> get(@PathParam("collection") String collection, @PathParam("id") String id);

    @POST
    @Path("{collection}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(@PathParam("collection") String collection, String body);

    @PUT
    @Path("{collection}/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> update(@PathParam("collection") String collection, @PathParam("id") String id, String body);

    @DELETE
    @Path("{collection}/{id}")
    Uni<Response> delete(@PathParam("collection") String collection, @PathParam("id") String id);

    @GET
    @Path("industry-chain")
    Uni<Response> industryChain();

    @GET
    @Path("history")
    Uni<Response> history();
}
