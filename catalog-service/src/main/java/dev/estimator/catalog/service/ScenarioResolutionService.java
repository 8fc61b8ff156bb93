package dev.estimator.catalog.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.domain.Model;
import dev.estimator.catalog.domain.StoredScenario;
import dev.estimator.catalog.messaging.ScenarioRejected;
import dev.estimator.catalog.messaging.ScenarioSubmitted;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves submitted scenarios once and stores the outcomes, a whole batch in one transaction. A
 * redelivered submission finds its stored outcome, so the event sent again is identical.
 */
@ApplicationScoped
public class ScenarioResolutionService {

    public static final String STAGE = "catalog";

    @Inject
    ObjectMapper json;

    private final Clock clock = Clock.systemUTC();

    /** One stored outcome per submission, in input order (a duplicate in the batch gets the same one). */
    public Uni<List<StoredScenario>> resolveBatch(List<ScenarioSubmitted> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = batch.stream().map(ScenarioSubmitted::scenarioId).distinct().toList();
        return Panache.withTransaction(() -> StoredScenario.<StoredScenario>list("scenarioId in ?1", ids)
                .chain(stored -> {
                    Map<String, StoredScenario> outcomes = new HashMap<>();
                    stored.forEach(s -> outcomes.put(s.scenarioId, s));
                    Map<String, ScenarioSubmitted> fresh = new LinkedHashMap<>();
                    batch.stream().filter(s -> !outcomes.containsKey(s.scenarioId())).forEach(s -> fresh.putIfAbsent(s.scenarioId(), s));
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(outcomes);
                    }
                    return resolveAndStore(List.copyOf(fresh.values())).map(created -> {
                        created.forEach(s -> outcomes.put(s.scenarioId, s));
                        return outcomes;
                    });
                }))
                .map(outcomes -> batch.stream().map(s -> outcomes.get(s.scenarioId())).toList());
    }

    private Uni<List<StoredScenario>> resolveAndStore(List<ScenarioSubmitted> fresh) {
        List<String> modelRefs = fresh.stream().map(s -> s.model() == null ? null : s.model().ref())
                .filter(Objects::nonNull).distinct().toList();
        List<String> acceleratorIds = fresh.stream().map(s -> s.hardware() == null ? null : s.hardware().accelerator())
                .filter(Objects::nonNull).distinct().toList();
        Uni<List<Model>> models = modelRefs.isEmpty() ? Uni.createFrom().item(List.of()) : Model.list("id in ?1", modelRefs);
        Uni<List<Accelerator>> accelerators = acceleratorIds.isEmpty() ? Uni.createFrom().item(List.of())
                : Accelerator.list("id in ?1", acceleratorIds);
        return models.chain(foundModels -> accelerators.chain(foundAccelerators -> {
            Map<String, Model> modelById = foundModels.stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
            Map<String, Accelerator> acceleratorById = foundAccelerators.stream()
                    .collect(Collectors.toMap(a -> a.id, Function.identity()));
            // The full id lists are only read for "did you mean" hints, so only when something is unknown.
            boolean unknownModel = modelRefs.stream().anyMatch(id -> !modelById.containsKey(id));
            boolean unknownAccelerator = acceleratorIds.stream().anyMatch(id -> !acceleratorById.containsKey(id));
            Uni<List<String>> knownModels = unknownModel ? Model.<Model>listAll().map(all -> all.stream().map(m -> m.id).toList())
                    : Uni.createFrom().item(List.of());
            Uni<List<String>> knownAccelerators = unknownAccelerator
                    ? Accelerator.<Accelerator>listAll().map(all -> all.stream().map(a -> a.id).toList())
                    : Uni.createFrom().item(List.of());
            return knownModels.chain(modelIds -> knownAccelerators.chain(acceleratorIdsKnown -> {
                ScenarioResolver resolver = new ScenarioResolver(clock);
                List<StoredScenario> created = new ArrayList<>(fresh.size());
                for (ScenarioSubmitted submitted : fresh) {
                    String ref = submitted.model() == null ? null : submitted.model().ref();
                    String acc = submitted.hardware() == null ? null : submitted.hardware().accelerator();
                    var lookup = new ScenarioResolver.Lookup(ref == null ? null : modelById.get(ref), modelIds,
                            acc == null ? null : acceleratorById.get(acc), acceleratorIdsKnown);
                    created.add(store(submitted, resolver.resolve(submitted, lookup)));
                }
                return StoredScenario.persist(created).replaceWith(created);
            }));
        }));
    }

    private StoredScenario store(ScenarioSubmitted submitted, ScenarioResolver.Result result) {
        StoredScenario stored = new StoredScenario();
        stored.scenarioId = submitted.scenarioId();
        stored.sweepId = submitted.sweepId();
        stored.createdAt = clock.instant();
        if (result instanceof ScenarioResolver.Resolved resolved) {
            stored.outcome = StoredScenario.Outcome.RESOLVED;
            stored.event = write(resolved.event());
        } else {
            stored.outcome = StoredScenario.Outcome.REJECTED;
            stored.event = write(new ScenarioRejected(submitted.scenarioId(), submitted.sweepId(), STAGE,
                    ((ScenarioResolver.Rejected) result).errors(), clock.instant()));
        }
        return stored;
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }
}
