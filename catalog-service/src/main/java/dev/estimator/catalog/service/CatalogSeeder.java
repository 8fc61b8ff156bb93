package dev.estimator.catalog.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.catalog.repository.AcceleratorRepository;
import dev.estimator.catalog.repository.CatalogEntity;
import dev.estimator.catalog.repository.ChainSegment;
import dev.estimator.catalog.repository.ChainSegmentRepository;
import dev.estimator.catalog.repository.HistoryPhase;
import dev.estimator.catalog.repository.HistoryPhaseRepository;
import dev.estimator.catalog.repository.IndustryApplication;
import dev.estimator.catalog.repository.IndustryApplicationRepository;
import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelRepository;
import dev.estimator.catalog.repository.Organization;
import dev.estimator.catalog.repository.OrganizationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Loads the sourced seed data (classpath {@code /seed/*.json}) at start. Only rows whose id is absent
 * are inserted: a restart creates no duplicates and never overwrites an edit made through the API
 * (a deleted seed row does come back at the next start, as the seed is the catalog's baseline).
 */
@ApplicationScoped
public class CatalogSeeder {

    private static final Logger LOG = Logger.getLogger(CatalogSeeder.class);

    /** Rows inserted per table by one seeding pass. */
    public record SeedReport(int models, int accelerators, int organizations, int chainSegments, int applications,
            int historyPhases) {
        public int total() {
            return models + accelerators + organizations + chainSegments + applications + historyPhases;
        }
    }

    record IndustryChainSeed(List<ChainSegment> segments, List<IndustryApplication> applications) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    ReferenceData referenceData;

    @Inject
    ModelRepository models;

    @Inject
    AcceleratorRepository accelerators;

    @Inject
    OrganizationRepository organizations;

    @Inject
    ChainSegmentRepository segments;

    @Inject
    IndustryApplicationRepository applications;

    @Inject
    HistoryPhaseRepository phases;

    @Inject
    CatalogConfig config;

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!config.seed().enabled()) {
            LOG.info("Seed disabled (catalog.seed.enabled=false)");
            return;
        }
        SeedReport report = VertxContextSupport.subscribeAndAwait(this::seed);
        LOG.infof("Seed: inserted %s", report);
    }

    /** One idempotent seeding pass in one transaction; returns how many rows it inserted. */
    public Uni<SeedReport> seed() {
        List<Model> seedModels = read("/seed/models.json", new TypeReference<>() {
        });
        seedModels.forEach(Model::refreshModalityIndex);
        List<Accelerator> seedAccelerators = read("/seed/accelerators.json", new TypeReference<>() {
        });
        List<Organization> seedOrganizations = read("/seed/organizations.json", new TypeReference<>() {
        });
        IndustryChainSeed chain = read("/seed/industry-chain.json", new TypeReference<>() {
        });
        List<HistoryPhase> seedPhases = read("/seed/history.json", new TypeReference<>() {
        });
        return Panache.withTransaction(() -> insertMissing(models, seedModels)
                .chain(m -> insertMissing(accelerators, seedAccelerators)
                        .chain(a -> insertMissing(organizations, seedOrganizations)
                                .chain(o -> insertMissing(segments, chain.segments())
                                        .chain(s -> insertMissing(applications, chain.applications())
                                                .chain(x -> insertMissing(phases, seedPhases)
                                                        .map(p -> new SeedReport(m, a, o, s, x, p))))))))
                // After the commit: seeding may race the first consumed batch, and a snapshot loaded before the
                // commit must not be kept.
                .invoke(referenceData::invalidate);
    }

    private static <E extends CatalogEntity> Uni<Integer> insertMissing(PanacheRepositoryBase<E, String> repository,
            List<E> rows) {
        return repository.listAll().chain(existing -> {
            Set<String> present = new HashSet<>();
            existing.forEach(e -> present.add(e.id));
            List<E> missing = rows.stream().filter(row -> !present.contains(row.id)).toList();
            return missing.isEmpty() ? Uni.createFrom().item(0) : repository.persist(missing).replaceWith(missing.size());
        });
    }

    private <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = CatalogSeeder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing seed resource " + resource);
            }
            return json.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read seed " + resource, e);
        }
    }
}
