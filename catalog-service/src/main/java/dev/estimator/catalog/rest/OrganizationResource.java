package dev.estimator.catalog.rest;

import java.net.URI;
import java.util.Set;

import dev.estimator.catalog.domain.Organization;
import dev.estimator.catalog.service.Suggestions;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
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

@Path("/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    static final Set<String> SORTABLE = Set.of("id", "name", "country", "kind", "ownCloud", "reportedTrainingCostUsdMin");

    @GET
    @WithSession
    public Uni<Page<Organization>> list(@QueryParam("kind") String kind, @QueryParam("country") String country,
            @QueryParam("q") String q, @QueryParam("page") String page, @QueryParam("size") String size,
            @QueryParam("sort") String sort) {
        ListParameters list = ListParameters.parse(page, size, sort, SORTABLE, "id");
        SearchFilter filter = new SearchFilter()
                .equalsIgnoreCase("kind", "kind", kind)
                .equalsIgnoreCase("country", "country", country)
                .text(q, "id", "name", "ownCloud", "notes");
        PanacheQuery<Organization> query = Organization.find(filter.where(), list.sort(), filter.parameters());
        return query.page(list.page(), list.size()).list()
                .chain(items -> query.count().map(total -> new Page<>(items, list.page(), list.size(), total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Organization> get(@PathParam("id") String id) {
        return Organization.<Organization>findById(id).chain(found -> found != null ? Uni.createFrom().item(found) : notFound(id));
    }

    @POST
    @WithTransaction
    public Uni<Response> create(OrganizationInput input) {
        return Uni.createFrom().item(input)
                .invoke(i -> ModelResource.requireBody(i).validate(true))
                .chain(i -> Organization.<Organization>findById(i.id()))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new DuplicateIdException("organization", input.id()));
                    }
                    Organization organization = new Organization();
                    organization.id = input.id();
                    input.applyTo(organization);
                    return organization.<Organization>persist()
                            .map(saved -> Response.created(URI.create("/organizations/" + saved.id)).entity(saved).build());
                });
    }

    @PUT
    @Path("/{id}")
    @WithTransaction
    public Uni<Organization> replace(@PathParam("id") String id, OrganizationInput input) {
        return Uni.createFrom().item(input)
                .invoke(i -> {
                    ModelResource.requireBody(i).validate(false);
                    if (i.id() != null && !i.id().equals(id)) {
                        throw InvalidInputException.of("id", "must match the path id '" + id + "' (ids cannot be changed)");
                    }
                })
                .chain(i -> Organization.<Organization>findById(id))
                .chain(organization -> {
                    if (organization == null) {
                        return notFound(id);
                    }
                    input.applyTo(organization);
                    return Uni.createFrom().item(organization);
                });
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    public Uni<Response> delete(@PathParam("id") String id) {
        return Organization.deleteById(id)
                .chain(deleted -> deleted ? Uni.createFrom().item(Response.noContent().build()) : notFound(id));
    }

    private static <T> Uni<T> notFound(String id) {
        return Organization.<Organization>listAll().chain(all -> Uni.createFrom().failure(new UnknownIdException("organization", id,
                Suggestions.didYouMean(id, all.stream().map(o -> o.id).toList()))));
    }
}
