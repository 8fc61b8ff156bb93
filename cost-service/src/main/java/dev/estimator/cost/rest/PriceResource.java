package dev.estimator.cost.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.estimator.cost.domain.PriceBookEntry;
import dev.estimator.cost.service.ReferenceDataCache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.Response;

/** The price book: read by anyone, edited by admins (the gateway enforces the role). */
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PriceResource {

    @Inject
    ReferenceDataCache referenceData;

    static final int MAX_SIZE = 200;

    @GET
    @WithSession
    public Uni<Page<PriceView>> list(@QueryParam("accelerator") String accelerator, @QueryParam("provider") String provider,
            @QueryParam("pricingModel") String pricingModel, @QueryParam("region") String region,
            @QueryParam("page") @DefaultValue("0") String pageParam, @QueryParam("size") @DefaultValue("20") String sizeParam) {
        int page = Paging.page(pageParam);
        int size = Paging.size(sizeParam, MAX_SIZE);
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        filter(where, params, "accelerator", accelerator);
        filter(where, params, "provider", provider);
        filter(where, params, "pricingModel", pricingModel);
        filter(where, params, "region", region);
        String query = String.join(" and ", where);
        var found = PriceBookEntry.<PriceBookEntry>find(query,
                Sort.by("accelerator").and("provider").and("pricingModel").and("region").and("validFrom", Sort.Direction.Descending),
                params);
        return found.page(page, size).list().chain(rows -> found.count()
                .map(total -> new Page<>(rows.stream().map(PriceView::of).toList(), page, size, total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<PriceView> get(@PathParam("id") long id) {
        return find(id).map(PriceView::of);
    }

    // Edits invalidate the consumer's price-book snapshot only after their transaction committed, so no batch
    // can cache the state before the edit once the edit has been answered.
    @POST
    public Uni<Response> create(@Valid @NotNull PriceRequest body) {
        return Panache.withTransaction(() -> checkUnique(body, null).chain(() -> {
            PriceBookEntry entry = new PriceBookEntry();
            apply(entry, body);
            return entry.<PriceBookEntry>persist();
        })).invoke(referenceData::invalidate)
                .map(saved -> Response.created(URI.create("/prices/" + saved.id)).entity(PriceView.of(saved)).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<PriceView> update(@PathParam("id") long id, @Valid @NotNull PriceRequest body) {
        return Panache.withTransaction(() -> find(id).chain(entry -> checkUnique(body, id).map(ok -> {
            apply(entry, body);
            return entry;
        }))).invoke(referenceData::invalidate).map(PriceView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") long id) {
        return Panache.withTransaction(() -> find(id).chain(entry -> entry.delete()))
                .invoke(referenceData::invalidate).map(ok -> Response.noContent().build());
    }

    private static Uni<PriceBookEntry> find(long id) {
        return PriceBookEntry.<PriceBookEntry>findById(id)
                .onItem().ifNull().failWith(() -> new UnknownIdException("No price with id " + id));
    }

    private static Uni<Void> checkUnique(PriceRequest body, Long self) {
        return PriceBookEntry.<PriceBookEntry>find("provider = ?1 and accelerator = ?2 and pricingModel = ?3 and region = ?4 and validFrom = ?5",
                body.provider(), body.accelerator(), body.pricingModel(), body.region(), body.validFrom()).firstResult()
                .map(clash -> {
                    if (clash != null && !clash.id.equals(self)) {
                        throw new ConflictException("validFrom", "a " + body.pricingModel() + " price of " + body.accelerator()
                                + " at " + body.provider() + " in " + body.region() + " valid from " + body.validFrom()
                                + " exists already (id " + clash.id + "); edit it with PUT /prices/" + clash.id);
                    }
                    return null;
                });
    }

    private static void apply(PriceBookEntry entry, PriceRequest body) {
        entry.provider = body.provider();
        entry.accelerator = body.accelerator();
        entry.pricingModel = body.pricingModel();
        entry.region = body.region();
        entry.currency = body.currency();
        entry.pricePerHour = body.pricePerHour();
        entry.validFrom = body.validFrom();
        entry.source = body.source();
    }

    private static void filter(List<String> where, Parameters params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.and(field, value.trim());
        }
    }
}
