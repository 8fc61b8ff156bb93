package dev.estimator.cost.repository;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class PriceBookRepository implements PanacheRepositoryBase<PriceBookEntry, Long> {

    /** Filters of a price-book listing; a null or blank value does not filter. */
    public record Filter(String accelerator, String provider, String pricingModel, String region) {
    }

    /** Rows matching every given filter, by accelerator, provider, model and region, the newest first. */
    public PanacheQuery<PriceBookEntry> matching(Filter filter) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        equal(where, params, "accelerator", filter.accelerator());
        equal(where, params, "provider", filter.provider());
        equal(where, params, "pricingModel", filter.pricingModel());
        equal(where, params, "region", filter.region());
        return find(String.join(" and ", where), Sort.by("accelerator").and("provider").and("pricingModel").and("region")
                .and("validFrom", Sort.Direction.Descending), params);
    }

    /** The row with the same key as {@code entry} (provider, accelerator, pricing model, region, valid from), if any. */
    public Uni<PriceBookEntry> findSameKey(PriceBookEntry entry) {
        return find("provider = ?1 and accelerator = ?2 and pricingModel = ?3 and region = ?4 and validFrom = ?5",
                entry.provider, entry.accelerator, entry.pricingModel, entry.region, entry.validFrom).firstResult();
    }

    private static void equal(List<String> where, Parameters params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.and(field, value.trim());
        }
    }
}
