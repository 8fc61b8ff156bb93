package dev.estimator.catalog.rest;

import java.net.URI;
import java.util.Set;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.service.ReferenceData;
import dev.estimator.catalog.service.Suggestions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.Response;

/** Accelerators; the {@code organization} filter matches the vendor. */
@Path("/accelerators")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AcceleratorResource {

    @Inject
    ReferenceData referenceData;

    static final Set<String> SORTABLE = Set.of("id", "vendor", "name", "year", "fp32Tflops", "tf32Tflops", "bf16Tflops",
            "fp16Tflops", "fp8Tflops", "int8Tops", "memoryGb", "bandwidthTbps", "interconnectGbps", "tdpWatts", "unitPriceUsd");

    @GET
    @WithSession
    public Uni<Page<Accelerator>> list(@QueryParam("organization") String organization, @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("sort") String sort) {
        ListParameters list = ListParameters.parse(page, size, sort, SORTABLE, "id");
        SearchFilter filter = new SearchFilter()
                .equalsIgnoreCase("vendor", "vendor", organization)
                .text(q, "id", "name", "vendor", "notes");
        PanacheQuery<Accelerator> query = Accelerator.find(filter.where(), list.sort(), filter.parameters());
        return query.page(list.page(), list.size()).list()
                .chain(items -> query.count().map(total -> new Page<>(items, list.page(), list.size(), total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Accelerator> get(@PathParam("id") String id) {
        return Accelerator.<Accelerator>findById(id).chain(found -> found != null ? Uni.createFrom().item(found) : notFound(id));
    }

    @POST
    public Uni<Response> create(AcceleratorInput input) {
        return Panache.withTransaction(() -> Uni.createFrom().item(input)
                .invoke(i -> ModelResource.requireBody(i).validate(true))
                .chain(i -> Accelerator.<Accelerator>findById(i.id()))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new DuplicateIdException("accelerator", input.id()));
                    }
                    Accelerator accelerator = new Accelerator();
                    accelerator.id = input.id();
                    input.applyTo(accelerator);
                    return accelerator.<Accelerator>persist()
                            .map(saved -> Response.created(URI.create("/accelerators/" + saved.id)).entity(saved).build());
                }))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    @PUT
    @Path("/{id}")
    public Uni<Accelerator> replace(@PathParam("id") String id, AcceleratorInput input) {
        return Panache.withTransaction(() -> Uni.createFrom().item(input)
                .invoke(i -> {
                    ModelResource.requireBody(i).validate(false);
                    if (i.id() != null && !i.id().equals(id)) {
                        throw InvalidInputException.of("id", "must match the path id '" + id + "' (ids cannot be changed)");
                    }
                })
                .chain(i -> Accelerator.<Accelerator>findById(id))
                .chain(accelerator -> {
                    if (accelerator == null) {
                        return notFound(id);
                    }
                    input.applyTo(accelerator);
                    return Uni.createFrom().item(accelerator);
                }))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return Panache.withTransaction(() -> Accelerator.deleteById(id)
                .chain(deleted -> deleted ? Uni.createFrom().item(Response.noContent().build()) : notFound(id)))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    private static <T> Uni<T> notFound(String id) {
        return Accelerator.<Accelerator>listAll().chain(all -> Uni.createFrom().failure(new UnknownIdException("accelerator", id,
                Suggestions.didYouMean(id, all.stream().map(a -> a.id).toList()))));
    }
}
