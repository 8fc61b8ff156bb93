package dev.estimator.cost.rest;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.estimator.cost.repository.PriceBookRepository;
import dev.estimator.cost.service.PriceBookService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The price book: read by anyone, edited with role admin (each method not @PermitAll; the gateway checks it too). */
@RolesAllowed("admin")
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Prices")
public class PriceResource {

    @Inject
    PriceBookService priceBook;

    @GET
    @PermitAll
    @Operation(summary = "Price-book rows matching every given filter, paged (size at most 200)")
    public Uni<PricePage> list(@QueryParam("accelerator") String accelerator, @QueryParam("provider") String provider,
            @QueryParam("pricingModel") String pricingModel, @QueryParam("region") String region,
            @QueryParam("page") @DefaultValue("0") String page, @QueryParam("size") @DefaultValue("20") String size) {
        Paging paging = Paging.of(page, size);
        return priceBook.list(new PriceBookRepository.Filter(accelerator, provider, pricingModel, region), paging.page(),
                paging.size()).map(PricePage::of);
    }

    @GET
    @PermitAll
    @Path("/{id}")
    public Uni<PriceView> get(@PathParam("id") long id) {
        return priceBook.get(id).map(PriceView::of);
    }

    @POST
    @Operation(summary = "Add a row; a row with the same provider, accelerator, model, region and validFrom is a 409")
    public Uni<RestResponse<PriceView>> create(@Valid @NotNull PriceRequest body) {
        return priceBook.create(body.toEntry())
                .map(saved -> RestResponse.ResponseBuilder.<PriceView>created(URI.create("/prices/" + saved.id))
                        .entity(PriceView.of(saved)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<PriceView> replace(@PathParam("id") long id, @Valid @NotNull PriceRequest body) {
        return priceBook.replace(id, body.toEntry()).map(PriceView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Void> delete(@PathParam("id") long id) {
        return priceBook.delete(id);
    }
}
