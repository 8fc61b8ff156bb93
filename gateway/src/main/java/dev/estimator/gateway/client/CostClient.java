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

/** cost-service's price book. */
@RegisterRestClient(configKey = "cost")
// The caller's token goes with every call: the backend checks it on edits.
@RegisterClientHeaders(ForwardedAuthorization.class)
@Path("/prices")
public interface CostClient {

    @GET
    Uni<Response> prices(@QueryParam("accelerator") String accelerator, @QueryParam("provider") String provider,
            @QueryParam("pricingModel") String pricingModel, @QueryParam("region") String region,
            @QueryParam("page") Integer page, @QueryParam("size") Integer size);

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(String body);

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> update(@PathParam("id") String id, String body);

    @DELETE
    @Path("{id}")
    Uni<Response> delete(@PathParam("id") String id);
}
