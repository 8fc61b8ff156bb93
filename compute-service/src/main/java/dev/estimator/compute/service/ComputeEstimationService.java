package dev.estimator.compute.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.compute.domain.ComputeEstimate;
import dev.estimator.compute.estimate.ComputeEstimator;
import dev.estimator.compute.estimate.ComputeResult;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.messaging.ComputeBlock;
import dev.estimator.compute.messaging.ScenarioRejected;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Computes resolved scenarios and stores each outcome once, keyed by scenario id: a redelivered
 * scenario gets its stored outcome back, byte for byte.
 */
@ApplicationScoped
public class ComputeEstimationService {

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "compute.pue")
    double pue;

    @ConfigProperty(name = "compute.max-accelerators")
    int maxAccelerators;

    private final Clock clock = Clock.systemUTC();
    private final ComputeEstimator estimator = new ComputeEstimator(EfficiencyProfiles.bundled());

    /** The outcome of one scenario: a scenarios.computed value, or field errors for scenarios.rejected. */
    public record Evaluation(ObjectNode computed, List<FieldViolation> errors) {
        public boolean ok() {
            return computed != null;
        }
    }

    /** Pure: validate and estimate. Shared by the consumer and POST /estimates. */
    public Evaluation evaluate(ParsedScenario parsed, Instant now) {
        List<FieldViolation> errors = ScenarioValidator.validate(parsed.scenario());
        if (!errors.isEmpty()) {
            return new Evaluation(null, errors);
        }
        ComputeResult r = estimator.estimate(ScenarioInputMapper.toInput(parsed.scenario(), pue, maxAccelerators));
        if (!r.possible()) {
            return new Evaluation(null, r.violations());
        }
        // The parsed tree belongs to this evaluation only: extend it in place rather than copying it.
        ObjectNode event = parsed.json();
        event.put("computedAt", now.toString());
        event.set("compute", json.valueToTree(block(r)));
        return new Evaluation(event, List.of());
    }

    static ComputeBlock block(ComputeResult r) {
        var m = r.memory();
        var s = r.serving();
        return new ComputeBlock(r.trainingFlops(), r.pfDays(), r.utilization(), r.utilizationSource(), r.gpuHours(),
                new ComputeBlock.Range(r.gpuHoursP10(), r.gpuHoursP90()), r.gpuCount(), r.wallClockDays(),
                new ComputeBlock.Memory(m.weightsGb(), m.gradientsGb(), m.optimizerGb(), m.activationsGb(), m.minAccelerators()),
                r.energyMwh(), r.co2Tonnes(), r.pue(), r.carbonIntensity(),
                new ComputeBlock.Serving(s.flopsPerToken(), s.kvCacheBytesPerToken(), s.tokensPerSecondPerAccelerator(),
                        s.accelerators()));
    }

    /**
     * One transaction for a batch: loads the outcomes already stored for these ids, computes and inserts
     * the missing ones (JDBC-batched), and returns one outcome per distinct scenario, in input order.
     */
    public Uni<List<ComputeEstimate>> computeAndStoreAll(List<ParsedScenario> batch) {
        Map<String, ParsedScenario> byId = new java.util.LinkedHashMap<>();
        for (ParsedScenario p : batch) {
            byId.putIfAbsent(p.scenarioId(), p);
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        return Panache.withTransaction(() -> ComputeEstimate.<ComputeEstimate>list("scenarioId in ?1", ids)
                .chain(existing -> {
                    Map<String, ComputeEstimate> stored = new HashMap<>();
                    existing.forEach(e -> stored.put(e.scenarioId, e));
                    List<ComputeEstimate> outcomes = new ArrayList<>(ids.size());
                    List<ComputeEstimate> fresh = new ArrayList<>();
                    Instant now = clock.instant();
                    for (ParsedScenario p : byId.values()) {
                        ComputeEstimate e = stored.get(p.scenarioId());
                        if (e == null) {
                            e = outcome(p, now);
                            fresh.add(e);
                        }
                        outcomes.add(e);
                    }
                    return fresh.isEmpty() ? Uni.createFrom().item(outcomes)
                            : ComputeEstimate.persist(fresh).replaceWith(outcomes);
                }))
                // A concurrent replica may have inserted one of the ids first (rebalance): the retry reads it back.
                .onFailure().retry().atMost(2);
    }

    ComputeEstimate outcome(ParsedScenario p, Instant now) {
        Evaluation evaluation = evaluate(p, now);
        ComputeEstimate e = new ComputeEstimate();
        e.scenarioId = p.scenarioId();
        e.sweepId = p.scenario().sweepId();
        e.createdAt = now;
        if (evaluation.ok()) {
            e.outcome = ComputeEstimate.Outcome.COMPUTED;
            e.event = write(evaluation.computed());
        } else {
            e.outcome = ComputeEstimate.Outcome.REJECTED;
            e.event = write(new ScenarioRejected(p.scenarioId(), p.scenario().sweepId(), "compute",
                    evaluation.errors().stream().map(v -> new ScenarioRejected.FieldError(v.field(), v.message())).toList(), now));
        }
        return e;
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ComputeEstimator estimator() {
        return estimator;
    }
}
