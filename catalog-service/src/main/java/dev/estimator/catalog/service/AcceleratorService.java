package dev.estimator.catalog.service;

import java.util.Set;

import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.catalog.repository.AcceleratorRepository;
import dev.estimator.catalog.repository.SearchFilter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The catalog's accelerators; an edit is used by the next scenario this replica resolves. */
@ApplicationScoped
public class AcceleratorService extends CatalogEntries<Accelerator> {

    static final Set<String> SORTABLE = Set.of("id", "vendor", "name", "year", "fp32Tflops", "tf32Tflops", "bf16Tflops",
            "fp16Tflops", "fp8Tflops", "int8Tops", "memoryGb", "bandwidthTbps", "interconnectGbps", "tdpWatts", "unitPriceUsd");

    @Inject
    AcceleratorRepository accelerators;

    public AcceleratorService() {
        super("accelerator", SORTABLE);
    }

    /** @param vendor the organization that makes it; {@code q} free text over id, name, vendor and notes */
    @WithSession
    public Uni<Page<Accelerator>> list(String vendor, String q, PageRequest page) {
        return page(new SearchFilter()
                .equalsIgnoreCase("vendor", "vendor", vendor)
                .text(q, "id", "name", "vendor", "notes"), page);
    }

    @Override
    protected PanacheRepositoryBase<Accelerator, String> repository() {
        return accelerators;
    }
}
