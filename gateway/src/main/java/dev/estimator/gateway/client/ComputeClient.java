package dev.estimator.gateway.client;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** compute-service's reference data. */
@RegisterRestClient(configKey = "compute")
@Path("/")
public interface ComputeClient {

    @GET
    @Path("backtest")
    Uni<Response> backtest();

    @GET
    @Path("efficiency-profiles")
    Uni<Response> efficiencyProfiles();
}
