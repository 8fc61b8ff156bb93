package dev.estimator.catalog.service;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.StoredScenario;
import dev.estimator.catalog.messaging.ScenarioRejected;
import dev.estimator.catalog.messaging.ScenarioSubmitted;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves submitted scenarios once and stores the outcomes, a whole batch in one statement. A
 * redelivered submission (or one stored first by another replica) gets the stored outcome back, so the
 * event sent again is identical.
 */
@ApplicationScoped
public class ScenarioResolutionService {

    public static final String STAGE = "catalog";

    @Inject
    ObjectMapper json;

    @Inject
    ReferenceData referenceData;

    @Inject
    ScenarioOutcomeStore store;

    private final Clock clock = Clock.systemUTC();

    /**
     * One stored outcome per submission, in input order (a duplicate in the batch gets the same one).
     * Every distinct scenario is resolved (no I/O, reference data from memory) before anything is read
     * from the database: in the common case, all new, the batch costs one insert and nothing else; a
     * redelivery's fresh resolution is discarded in favour of the stored one.
     */
    public Uni<List<StoredScenario>> resolveBatch(List<ScenarioSubmitted> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, ScenarioSubmitted> distinct = new LinkedHashMap<>();
        batch.forEach(s -> distinct.putIfAbsent(s.scenarioId(), s));
        Set<String> modelIds = new HashSet<>();
        Set<String> acceleratorIds = new HashSet<>();
        for (ScenarioSubmitted s : distinct.values()) {
            if (s.model() != null && s.model().ref() != null) {
                modelIds.add(s.model().ref());
            }
            if (s.hardware() != null && s.hardware().accelerator() != null) {
                acceleratorIds.add(s.hardware().accelerator());
            }
        }
        return referenceData.containing(modelIds, acceleratorIds)
                .map(reference -> resolveAll(distinct.values(), reference))
                .chain(store::insertOrRead)
                .map(outcomes -> batch.stream().map(s -> outcomes.get(s.scenarioId())).toList());
    }

    private List<StoredScenario> resolveAll(Collection<ScenarioSubmitted> scenarios, ReferenceData.Snapshot reference) {
        ScenarioResolver resolver = new ScenarioResolver(clock);
        List<StoredScenario> outcomes = new ArrayList<>(scenarios.size());
        for (ScenarioSubmitted submitted : scenarios) {
            String ref = submitted.model() == null ? null : submitted.model().ref();
            String acc = submitted.hardware() == null ? null : submitted.hardware().accelerator();
            var lookup = new ScenarioResolver.Lookup(ref == null ? null : reference.models().get(ref), reference.modelIds(),
                    acc == null ? null : reference.accelerators().get(acc), reference.acceleratorIds());
            outcomes.add(store(submitted, resolver.resolve(submitted, lookup)));
        }
        return outcomes;
    }

    private StoredScenario store(ScenarioSubmitted submitted, ScenarioResolver.Result result) {
        StoredScenario stored = new StoredScenario();
        stored.scenarioId = submitted.scenarioId();
        stored.sweepId = submitted.sweepId();
        // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row.
        stored.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
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
