package dev.estimator.catalog.service;

import java.util.Set;

import dev.estimator.catalog.repository.CatalogEntity;
import dev.estimator.catalog.repository.SearchFilter;
import dev.estimator.chassis.error.ConflictException;
import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.error.UnknownIdException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * Listing, reading and editing one kind of catalog row (models, accelerators, organizations): the same rules for
 * each, an id that names nothing is answered with the closest known id.
 */
public abstract class CatalogEntries<E extends CatalogEntity> {

    private final String kind;
    private final Set<String> sortable;

    @Inject
    ReferenceData referenceData;

    /**
     * @param kind     how messages name a row of this kind ("model")
     * @param sortable the fields a list may be sorted by
     */
    protected CatalogEntries(String kind, Set<String> sortable) {
        this.kind = kind;
        this.sortable = sortable;
    }

    protected abstract PanacheRepositoryBase<E, String> repository();

    /**
     * Once an edit has committed, the next scenario resolved on this replica must see it. Only models and
     * accelerators are read by resolution; an organization edit costs one needless reload, and keeps one rule.
     */
    private void committed() {
        referenceData.invalidate();
    }

    /** The caller provides the session. */
    protected Uni<Page<E>> page(SearchFilter filter, PageRequest request) {
        PanacheQuery<E> query = repository().find(filter.where(), request.order(sortable), filter.parameters());
        return query.page(request.page(), request.size()).list()
                .chain(items -> query.count().map(total -> new Page<>(items, request.page(), request.size(), total)));
    }

    @WithSession
    public Uni<E> get(String id) {
        return repository().findById(id).chain(found -> found != null ? Uni.createFrom().item(found) : notFound(id));
    }

    public Uni<E> create(E entry) {
        return Panache.withTransaction(() -> repository().findById(entry.id).chain(existing -> existing != null
                ? Uni.createFrom().<E>failure(new ConflictException("id",
                        "A " + kind + " with id '" + entry.id + "' already exists; use PUT to replace it"))
                : repository().persist(entry)))
                // Transactions are programmatic here so that this runs after the commit, never before it.
                .invoke(this::committed);
    }

    /** Replaces every field of the row {@code id}; {@code entry.id} may be absent, but cannot name another row. */
    public Uni<E> replace(String id, E entry) {
        if (entry.id != null && !entry.id.equals(id)) {
            return Uni.createFrom().failure(InvalidInputException.of("id",
                    "must match the path id '" + id + "' (ids cannot be changed)"));
        }
        entry.id = id;
        return Panache.withTransaction(() -> repository().findById(id).chain(existing -> existing == null
                ? notFound(id)
                : Panache.getSession().chain(session -> session.merge(entry))))
                .invoke(this::committed);
    }

    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> repository().deleteById(id)
                .chain(deleted -> deleted ? Uni.createFrom().voidItem() : notFound(id)))
                .invoke(this::committed);
    }

    private <T> Uni<T> notFound(String id) {
        return repository().listAll().chain(all -> Uni.createFrom().failure(new UnknownIdException("No " + kind + " '" + id
                + "'" + Suggestions.didYouMean(id, all.stream().map(e -> e.id).toList()))));
    }
}
