package dev.estimator.catalog.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.catalog.repository.AcceleratorRepository;
import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelRepository;
import dev.estimator.chassis.cache.SnapshotCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The models and accelerators that scenario resolution reads, held in memory. They are a few dozen rows
 * that change only through the admin API or the seeder, while every consumed batch needs them: reading
 * them per batch cost a round trip per hop.
 *
 * <p>A snapshot is reloaded when it is older than {@code catalog.reference-data.max-age} (so edits made on
 * another replica are seen within that time) or when this replica changed the data itself
 * ({@link #invalidate()}, called after the admin transaction commits), so the next scenario on this
 * replica sees the edit. The reload happens lazily in the pipeline of the batch that needs it, so there
 * is no timer and no query at all while no scenario arrives (chassis {@link SnapshotCache}).
 */
@ApplicationScoped
public class ReferenceData {

    /** Entities are only read after loading; the maps and lists are never modified. */
    public record Snapshot(Map<String, Model> models, List<String> modelIds, Map<String, Accelerator> accelerators,
            List<String> acceleratorIds) {
    }

    private static final String ALL = "all";

    @Inject
    CatalogConfig config;

    @Inject
    ModelRepository modelRepository;

    @Inject
    AcceleratorRepository acceleratorRepository;

    private SnapshotCache<String, Snapshot> cache;

    @PostConstruct
    void init() {
        cache = new SnapshotCache<>(config.referenceData().maxAge(), key -> load());
    }

    /** The current snapshot; loads one (one session, two queries) only when it is stale or invalidated. */
    public Uni<Snapshot> current() {
        return cache.get(ALL);
    }

    /**
     * The current snapshot, re-read first when it lacks one of these ids and is older than
     * {@code catalog.reference-data.reload-on-miss-after}: a model or accelerator just added through another
     * replica is found instead of the scenario being rejected for good, while a stream of typos costs at most
     * one query per that interval.
     */
    public Uni<Snapshot> containing(Set<String> modelIds, Set<String> acceleratorIds) {
        return current().chain(s -> {
            boolean missing = modelIds.stream().anyMatch(id -> !s.models().containsKey(id))
                    || acceleratorIds.stream().anyMatch(id -> !s.accelerators().containsKey(id));
            return missing ? cache.notOlderThan(ALL, config.referenceData().reloadOnMissAfter()) : Uni.createFrom().item(s);
        });
    }

    /**
     * Marks the snapshot stale. Must be called after the change is committed: a reload that started
     * before the commit could otherwise be kept as current while missing the change.
     */
    public void invalidate() {
        cache.invalidate();
    }

    private Uni<Snapshot> load() {
        return Panache.withSession(() -> modelRepository.listAll(Sort.by("id"))
                .chain(models -> acceleratorRepository.listAll(Sort.by("id")).map(accelerators -> {
                    Map<String, Model> modelById = new LinkedHashMap<>();
                    models.forEach(m -> modelById.put(m.id, m));
                    Map<String, Accelerator> acceleratorById = new LinkedHashMap<>();
                    accelerators.forEach(a -> acceleratorById.put(a.id, a));
                    return new Snapshot(Map.copyOf(modelById), List.copyOf(modelById.keySet()), Map.copyOf(acceleratorById),
                            List.copyOf(acceleratorById.keySet()));
                })));
    }
}
