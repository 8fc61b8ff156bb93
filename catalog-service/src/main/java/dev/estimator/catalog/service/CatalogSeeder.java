package dev.estimator.catalog.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.domain.ChainSegment;
import dev.estimator.catalog.domain.HistoryPhase;
import dev.estimator.catalog.domain.IndustryApplication;
import dev.estimator.catalog.domain.Model;
import dev.estimator.catalog.domain.Organization;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    @ConfigProperty(name = "catalog.seed.enabled", defaultValue = "true")
    boolean enabled;

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!enabled) {
            LOG.info("Seed disabled (catalog.seed.enabled=false)");
            return;
        }
        SeedReport report = VertxContextSupport.subscribeAndAwait(this::seed);
        LOG.infof("Seed: inserted %s", report);
    }

    /** One idempotent seeding pass in one transaction; returns how many rows it inserted. */
    public Uni<SeedReport> seed() {
        List<Model> models = read("/seed/models.json", new TypeReference<>() {
        });
        models.forEach(Model::refreshModalityIndex);
        List<Accelerator> accelerators = read("/seed/accelerators.json", new TypeReference<>() {
        });
        List<Organization> organizations = read("/seed/organizations.json", new TypeReference<>() {
        });
        IndustryChainSeed chain = read("/seed/industry-chain.json", new TypeReference<>() {
        });
        List<HistoryPhase> phases = read("/seed/history.json", new TypeReference<>() {
        });
        return Panache.withTransaction(() -> insertMissing("Model", models, m -> m.id)
                .chain(m -> insertMissing("Accelerator", accelerators, a -> a.id)
                        .chain(a -> insertMissing("Organization", organizations, o -> o.id)
                                .chain(o -> insertMissing("ChainSegment", chain.segments(), s -> s.id)
                                        .chain(s -> insertMissing("IndustryApplication", chain.applications(), x -> x.id)
                                                .chain(x -> insertMissing("HistoryPhase", phases, p -> p.id)
                                                        .map(p -> new SeedReport(m, a, o, s, x, p))))))))
                // Seeding may race the first consumed batch: a snapshot loaded before the commit must not be kept.
                .invoke(referenceData::invalidate);
    }

    private <T> Uni<Integer> insertMissing(String entity, List<T> rows, Function<T, String> id) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("select e.id from " + entity + " e", String.class).getResultList())
                .chain(existing -> {
                    Set<String> present = new HashSet<>(existing);
                    List<T> missing = rows.stream().filter(row -> !present.contains(id.apply(row))).toList();
                    if (missing.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Panache.getSession().chain(session -> session.persistAll(missing.toArray()))
                            .replaceWith(missing.size());
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
