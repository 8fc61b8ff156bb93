package dev.estimator.catalog.service;

import java.util.Set;

import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelRepository;
import dev.estimator.catalog.repository.SearchFilter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The catalog's models; an edit is used by the next scenario this replica resolves. */
@ApplicationScoped
public class ModelService extends CatalogEntries<Model> {

    static final Set<String> SORTABLE = Set.of("id", "name", "organization", "releaseDate", "architecture", "parameters",
            "activeParameters", "layers", "hiddenSize", "contextLength", "trainingTokens", "trainingFlops");

    @Inject
    ModelRepository models;

    public ModelService() {
        super("model", SORTABLE);
    }

    /**
     * @param modality an input or output modality; {@code q} free text over id, name, organization and notes; every
     *                 filter optional
     */
    @WithSession
    public Uni<Page<Model>> list(String modality, String organization, String architecture, String q, PageRequest page) {
        return page(new SearchFilter()
                .contains("modalityIndex", "modality", modality == null ? null : "|" + modality + "|")
                .equalsIgnoreCase("organization", "organization", organization)
                .equalsIgnoreCase("architecture", "architecture", architecture)
                .text(q, "id", "name", "organization", "notes"), page);
    }

    @Override
    protected PanacheRepositoryBase<Model, String> repository() {
        return models;
    }
}
