package dev.estimator.catalog.service;

import java.time.Clock;
import java.time.Instant;
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

import dev.estimator.catalog.event.ScenarioSubmitted;

import dev.estimator.chassis.store.OutcomeStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves submitted scenarios once and stores the outcomes, a whole batch in one statement (table {@code scenario},
 * chassis {@link OutcomeStore}). The record that stored an outcome publishes it, again if it is delivered again; a
 * second record for the same scenario (an upstream re-send, a replay) publishes nothing.
 */
@ApplicationScoped
public class ScenarioResolutionService {

    @Inject
    ObjectMapper json;

    @Inject
    ReferenceData referenceData;

    @Inject
    OutcomeStore store;

    private final Clock clock = Clock.systemUTC();

    /** A submitted scenario and where it was read: the outcome remembers the record that produced it. */
    public record Delivery(ScenarioSubmitted scenario, int partition, long offset) {
    }

    /**
     * One stored outcome per distinct scenario, in input order; the first delivery of an id in the batch stands for
     * it. Every distinct scenario is resolved (no I/O, reference data from memory) before anything is read from the
     * database: in the common case, all new, the batch costs one insert and nothing else; a redelivery's fresh
     * resolution is discarded in favour of the stored one.
     */
    public Uni<List<OutcomeStore.Stored>> resolveBatch(List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, Delivery> distinct = new LinkedHashMap<>();
        batch.forEach(d -> distinct.putIfAbsent(d.scenario().scenarioId(), d));
        Set<String> modelIds = new HashSet<>();
        Set<String> acceleratorIds = new HashSet<>();
        for (Delivery d : distinct.values()) {
            ScenarioSubmitted s = d.scenario();
            if (s.model() != null && s.model().ref() != null) {
                modelIds.add(s.model().ref());
            }
            if (s.hardware() != null && s.hardware().accelerator() != null) {
                acceleratorIds.add(s.hardware().accelerator());
            }
            String serving = servingAccelerator(s);
            if (serving != null) {
                acceleratorIds.add(serving);
            }
        }
        return referenceData.containing(modelIds, acceleratorIds)
                .map(reference -> resolveAll(distinct.values(), reference))
                .chain(store::insertOrRead)
                .map(stored -> List.copyOf(stored.values()));
    }

    private List<OutcomeStore.Outcome> resolveAll(Collection<Delivery> deliveries, ReferenceData.Snapshot reference) {
        ScenarioResolver resolver = new ScenarioResolver(clock);
        List<OutcomeStore.Outcome> outcomes = new ArrayList<>(deliveries.size());
        for (Delivery delivery : deliveries) {
            ScenarioSubmitted submitted = delivery.scenario();
            String ref = submitted.model() == null ? null : submitted.model().ref();
            String acc = submitted.hardware() == null ? null : submitted.hardware().accelerator();
            String serving = servingAccelerator(submitted);
            var lookup = new ScenarioResolver.Lookup(ref == null ? null : reference.models().get(ref), reference.modelIds(),
                    acc == null ? null : reference.accelerators().get(acc), reference.acceleratorIds(),
                    serving == null ? null : reference.accelerators().get(serving));
            outcomes.add(outcome(delivery, resolver.resolve(submitted, lookup)));
        }
        return outcomes;
    }

    /** serving.accelerator (issue #17: serving on an accelerator of its own), or null. */
    private static String servingAccelerator(ScenarioSubmitted s) {
        var node = s.serving() == null ? null : s.serving().get("accelerator");
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private OutcomeStore.Outcome outcome(Delivery delivery, ScenarioResolver.Result result) {
        ScenarioSubmitted submitted = delivery.scenario();
        // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row.
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new OutcomeStore.Outcome(submitted.scenarioId(), submitted.sweepId(), result.kind(), write(result.event()),
                createdAt, delivery.partition(), delivery.offset());
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }
}
