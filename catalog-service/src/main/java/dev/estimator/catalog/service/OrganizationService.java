package dev.estimator.catalog.service;

import java.util.Set;

import dev.estimator.catalog.repository.Organization;
import dev.estimator.catalog.repository.OrganizationRepository;
import dev.estimator.catalog.repository.SearchFilter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Companies, labs and universities; scenario resolution does not read them. */
@ApplicationScoped
public class OrganizationService extends CatalogEntries<Organization> {

    static final Set<String> SORTABLE = Set.of("id", "name", "country", "kind", "ownCloud", "reportedTrainingCostUsdMin");

    @Inject
    OrganizationRepository organizations;

    public OrganizationService() {
        super("organization", SORTABLE);
    }

    /** {@code q}: free text over id, name, own cloud and notes. */
    @WithSession
    public Uni<Page<Organization>> list(String kind, String country, String q, PageRequest page) {
        return page(new SearchFilter()
                .equalsIgnoreCase("kind", "kind", kind)
                .equalsIgnoreCase("country", "country", country)
                .text(q, "id", "name", "ownCloud", "notes"), page);
    }

    @Override
    protected PanacheRepositoryBase<Organization, String> repository() {
        return organizations;
    }
}
