package dev.estimator.catalog.rest;

import java.net.URI;
import java.util.Set;

import dev.estimator.catalog.domain.Model;
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

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    ReferenceData referenceData;

    static final Set<String> SORTABLE = Set.of("id", "name", "organization", "releaseDate", "architecture", "parameters",
            "activeParameters", "layers", "hiddenSize", "contextLength", "trainingTokens", "trainingFlops");

    @GET
    @WithSession
    public Uni<Page<Model>> list(@QueryParam("modality") String modality, @QueryParam("organization") String organization,
            @QueryParam("architecture") String architecture, @QueryParam("q") String q, @QueryParam("page") String page,
            @QueryParam("size") String size, @QueryParam("sort") String sort) {
        FieldChecks checks = new FieldChecks();
        checks.oneOf("modality", modality == null ? null : modality.toLowerCase(), ModelInput.MODALITIES, false);
        checks.oneOf("architecture", architecture == null ? null : architecture.toLowerCase(), ModelInput.ARCHITECTURES, false);
        checks.throwIfAny();
        ListParameters list = ListParameters.parse(page, size, sort, SORTABLE, "id");
        SearchFilter filter = new SearchFilter()
                .contains("modalityIndex", "modality", modality == null ? null : "|" + modality + "|")
                .equalsIgnoreCase("organization", "organization", organization)
                .equalsIgnoreCase("architecture", "architecture", architecture)
                .text(q, "id", "name", "organization", "notes");
        PanacheQuery<Model> query = Model.find(filter.where(), list.sort(), filter.parameters());
        return query.page(list.page(), list.size()).list()
                .chain(items -> query.count().map(total -> new Page<>(items, list.page(), list.size(), total)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<Model> get(@PathParam("id") String id) {
        return Model.<Model>findById(id).chain(found -> found != null ? Uni.createFrom().item(found) : notFound(id));
    }

    @POST
    public Uni<Response> create(ModelInput input) {
        return Panache.withTransaction(() -> Uni.createFrom().item(input)
                .invoke(i -> requireBody(i).validate(true))
                .chain(i -> Model.<Model>findById(i.id()))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new DuplicateIdException("model", input.id()));
                    }
                    Model model = new Model();
                    model.id = input.id();
                    input.applyTo(model);
                    return model.<Model>persist()
                            .map(saved -> Response.created(URI.create("/models/" + saved.id)).entity(saved).build());
                }))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    @PUT
    @Path("/{id}")
    public Uni<Model> replace(@PathParam("id") String id, ModelInput input) {
        return Panache.withTransaction(() -> Uni.createFrom().item(input)
                .invoke(i -> {
                    requireBody(i).validate(false);
                    if (i.id() != null && !i.id().equals(id)) {
                        throw InvalidInputException.of("id", "must match the path id '" + id + "' (ids cannot be changed)");
                    }
                })
                .chain(i -> Model.<Model>findById(id))
                .chain(model -> {
                    if (model == null) {
                        return notFound(id);
                    }
                    input.applyTo(model);
                    return Uni.createFrom().item(model);
                }))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return Panache.withTransaction(() -> Model.deleteById(id)
                .chain(deleted -> deleted ? Uni.createFrom().item(Response.noContent().build()) : notFound(id)))
                // After the commit: the next scenario resolved on this replica must see the edit.
                .invoke(referenceData::invalidate);
    }

    static <T> T requireBody(T body) {
        if (body == null) {
            throw InvalidInputException.of("body", "is required");
        }
        return body;
    }

    private static <T> Uni<T> notFound(String id) {
        return Model.<Model>listAll().chain(all -> Uni.createFrom().failure(new UnknownIdException("model", id,
                Suggestions.didYouMean(id, all.stream().map(m -> m.id).toList()))));
    }
}
