package dev.estimator.cost.service;

import dev.estimator.chassis.error.ConflictException;
import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.cost.repository.PriceBookEntry;
import dev.estimator.cost.repository.PriceBookRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads and edits the price book. Edits are transactions of their own, opened here with {@code Panache.withTransaction}
 * rather than by {@code @WithTransaction}: the consumer's in-memory snapshot must be invalidated after the commit, so
 * that no batch can cache the state before an edit once the edit has been answered.
 */
@ApplicationScoped
public class PriceBookService {

    @Inject
    PriceBookRepository prices;

    @Inject
    ReferenceDataCache referenceData;

    /** @param page 0-based; the caller bounds page and size so that page times size fits an int */
    @WithSession
    public Uni<Page<PriceBookEntry>> list(PriceBookRepository.Filter filter, int page, int size) {
        var query = prices.matching(filter);
        return query.page(page, size).list().chain(rows -> query.count().map(total -> new Page<>(rows, page, size, total)));
    }

    @WithSession
    public Uni<PriceBookEntry> get(long id) {
        return find(id);
    }

    /** Adds a row; one with the same key (provider, accelerator, pricing model, region, valid from) is a conflict. */
    public Uni<PriceBookEntry> create(PriceBookEntry entry) {
        return Panache.withTransaction(() -> checkUnique(entry, null).chain(() -> prices.persist(entry)))
                .invoke(referenceData::invalidate);
    }

    /** Replaces every value of row {@code id} with those of {@code values}. */
    public Uni<PriceBookEntry> replace(long id, PriceBookEntry values) {
        return Panache.withTransaction(() -> find(id).chain(() -> checkUnique(values, id)).chain(() -> {
            values.id = id;
            // The row is in this session already (find): merge copies the new values onto it.
            return prices.getSession().chain(session -> session.merge(values));
        })).invoke(referenceData::invalidate);
    }

    public Uni<Void> delete(long id) {
        return Panache.withTransaction(() -> find(id).chain(prices::delete)).invoke(referenceData::invalidate);
    }

    private Uni<PriceBookEntry> find(long id) {
        return prices.findById(id).onItem().ifNull().failWith(() -> new UnknownIdException("No price with id " + id));
    }

    private Uni<Void> checkUnique(PriceBookEntry entry, Long self) {
        return prices.findSameKey(entry).invoke(clash -> {
            if (clash != null && !clash.id.equals(self)) {
                throw new ConflictException("validFrom", "a " + entry.pricingModel + " price of " + entry.accelerator
                        + " at " + entry.provider + " in " + entry.region + " valid from " + entry.validFrom
                        + " exists already (id " + clash.id + "); edit it with PUT /prices/" + clash.id);
            }
        }).replaceWithVoid();
    }
}
