package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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

/** The price book (read: anyone; edit: admin), proxied to cost-service; and the backtest, proxied to compute-service. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prices and backtest", description = "Price book (cost-service) and estimator vs published runs (compute-service)")
public class PriceResource {

    static final String EXAMPLE_PRICE = """
            {"id": "aws-nvidia-h100-sxm-on-demand-us", "provider": "aws", "accelerator": "nvidia-h100-sxm",
             "pricingModel": "on-demand", "region": "us", "currency": "USD", "pricePerHour": 6.88,
             "validFrom": "2025-06-01", "source": "https://aws.amazon.com/ec2/pricing/on-demand/"}""";

    /** cost-service's paging (its Paging). */
    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 200;

    @Inject
    Backends backends;

    @GET
    @Path("/prices")
    @PermitAll
    @Operation(summary = "Price book entries", description = "Filters: accelerator, provider, pricingModel, region; paged.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page",
            value = "{\"items\": [" + EXAMPLE_PRICE + "], \"page\": 0, \"size\": 20, \"total\": 1}")))
    @APIResponse(responseCode = "400", description = "Bad page, size or filter, named in errors[]", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "cost-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> prices(@RestQuery String accelerator, @RestQuery String provider, @RestQuery String pricingModel,
            @RestQuery String region,
            @Parameter(description = "0-based page; page x size below 2^31", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @RestQuery String page,
            @Parameter(description = "Entries per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
            @RestQuery String size) {
        // Checked here as cost-service checks them (the first row, page x size, fits an int): a 400 without a call.
        Integer[] paging = RequestParams.page(page, size, DEFAULT_SIZE, MAX_SIZE);
        String a = RequestParams.filter("accelerator", accelerator);
        String p = RequestParams.filter("provider", provider);
        String m = RequestParams.filter("pricingModel", pricingModel);
        String r = RequestParams.filter("region", region);
        return backends.costRead(() -> backends.cost().prices(a, p, m, r, paging[0], paging[1])).map(BackendReplies::toResponse);
    }

    @POST
    @Path("/prices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Add a price book entry (admin)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "price", value = EXAMPLE_PRICE)))
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    public Uni<Response> create(String body) {
        return backends.costCreate(() -> backends.cost().create(body)).map(BackendReplies::toResponse);
    }

    @PUT
    @Path("/prices/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Replace a price book entry (admin)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "price", value = EXAMPLE_PRICE)))
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> update(@PathParam("id") String id, String body) {
        RequestParams.priceId(id);
        return backends.costWrite(() -> backends.cost().update(id, body)).map(BackendReplies::toResponse);
    }

    @DELETE
    @Path("/prices/{id}")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete a price book entry (admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No or invalid bearer token")
    @APIResponse(responseCode = "403", description = "Token lacks role admin")
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> delete(@PathParam("id") String id) {
        RequestParams.priceId(id);
        return backends.costWrite(() -> backends.cost().delete(id)).map(BackendReplies::toResponse);
    }

    @GET
    @Path("/backtest")
    @PermitAll
    @Operation(summary = "Estimator vs published training runs, leave-one-out", description = "Per run: accelerator-hours "
            + "estimated with the utilization model fitted without that run vs the published hours (and PF-days, energy where "
            + "published), relative error, p10-p90 range and whether it holds the published value, how the source counted its "
            + "hours; summary: median absolute error and share inside the range for all runs, text and multimodal; effects: "
            + "each effect's leave-one-out error with and without it.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "backtest",
            value = "{\"runs\": [{\"id\": \"deepseek-v3\", \"modality\": \"text\", \"accelerator\": \"nvidia-h800\", "
                    + "\"publishedGpuHours\": 2.788e6, \"estimatedGpuHours\": 2.73e6, \"gpuHoursError\": -0.021, "
                    + "\"gpuHoursRange\": {\"p10\": 2.16e6, \"p90\": 3.76e6}, \"insideRange\": true}], "
                    + "\"summary\": {\"count\": 38, \"medianAbsoluteError\": 0.083, \"shareInsideRange\": 0.84, "
                    + "\"text\": {\"modality\": \"text\", \"count\": 31, \"medianAbsoluteError\": 0.084, \"shareInsideRange\": 0.84}, "
                    + "\"multimodal\": {\"modality\": \"multimodal\", \"count\": 7, \"medianAbsoluteError\": 0.048, "
                    + "\"shareInsideRange\": 0.86}}, \"effects\": [{\"effect\": \"interconnect\", \"used\": true, "
                    + "\"medianAbsoluteErrorWith\": 0.083, \"medianAbsoluteErrorWithout\": 0.085}]}")))
    @APIResponse(responseCode = "503", description = "compute-service unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> backtest() {
        return backends.computeRead(() -> backends.compute().backtest()).map(BackendReplies::toResponse);
    }
}
