package dev.estimator.compute.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    @Inject
    ComputeOutcomeStore store;

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
     * Computes every distinct scenario of a batch (pure CPU) and stores the outcomes in one statement;
     * returns one outcome per input, in input order (a duplicate gets the same one). In the common case, all new, that is
     * one insert and no read. A scenario already stored (redelivery, or stored first by a concurrent
     * consumer) gets the stored outcome back and its fresh computation is discarded.
     */
    public Uni<List<ComputeEstimate>> computeAndStoreAll(List<ParsedScenario> batch) {
        Map<String, ParsedScenario> byId = new LinkedHashMap<>();
        for (ParsedScenario p : batch) {
            byId.putIfAbsent(p.scenarioId(), p);
        }
        // Deferred, so that a bug in the estimation fails the Uni (and nacks the batch) instead of throwing here.
        return Uni.createFrom().item(() -> {
            // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<ComputeEstimate> fresh = new ArrayList<>(byId.size());
            for (ParsedScenario p : byId.values()) {
                fresh.add(outcome(p, now));
            }
            return fresh;
        })
                .chain(store::insertOrRead)
                // Every delivery gets its event, a duplicate in the batch too, as a redelivery in a later batch would.
                .map(stored -> batch.stream().map(p -> stored.get(p.scenarioId())).toList());
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
