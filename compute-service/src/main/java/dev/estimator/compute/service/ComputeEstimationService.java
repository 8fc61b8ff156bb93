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

import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.compute.estimate.ComputeEstimator;
import dev.estimator.compute.estimate.ComputeResult;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.event.ComputeBlock;
import dev.estimator.compute.event.Computation;
import dev.estimator.compute.event.OutcomeRecords;
import dev.estimator.compute.event.ScenarioRejected;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Computes resolved scenarios and stores each outcome once, keyed by scenario id (table {@code compute_estimate},
 * estimator.outcome-table). The record that stored an outcome publishes it, again if it is delivered again; a
 * second record for the same scenario (an upstream re-send, a replay) publishes nothing.
 */
@ApplicationScoped
public class ComputeEstimationService {

    @Inject
    ObjectMapper json;

    @Inject
    OutcomeStore store;

    @Inject
    ResolvedScenarioReader reader;

    @Inject
    ScenarioValidator validator;

    @ConfigProperty(name = "compute.pue")
    double pue;

    @ConfigProperty(name = "compute.max-accelerators")
    int maxAccelerators;

    private final Clock clock = Clock.systemUTC();
    private final ComputeEstimator estimator = new ComputeEstimator(EfficiencyProfiles.bundled());

    /** A resolved scenario and where it was read: the outcome remembers the record that produced it. */
    public record Delivery(ParsedScenario scenario, int partition, long offset) {
    }

    /** The outcome of one scenario: a scenarios.computed value, or field errors for scenarios.rejected. */
    public record Evaluation(ObjectNode computed, List<FieldViolation> errors) {
        public boolean ok() {
            return computed != null;
        }
    }

    /** Pure: validate and estimate. Shared by the consumer and POST /estimates. */
    public Evaluation evaluate(ParsedScenario parsed, Instant now) {
        List<FieldViolation> errors = validator.validate(parsed);
        if (!errors.isEmpty()) {
            return new Evaluation(null, errors);
        }
        ComputeResult r = estimator.estimate(ScenarioInputMapper.toInput(parsed.scenario(), pue, maxAccelerators));
        if (!r.possible()) {
            return new Evaluation(null, r.violations());
        }
        // The parsed tree belongs to this evaluation only: extend it in place rather than copying it.
        ObjectNode event = parsed.json();
        event.setAll((ObjectNode) json.valueToTree(new Computation(now, block(r))));
        return new Evaluation(event, List.of());
    }

    /**
     * The scenarios.computed value a resolved scenario would give, by the consumer's code path; nothing is stored or
     * published. A body that is not a resolved scenario, or a scenario the consumer would reject, is invalid input.
     */
    public ObjectNode estimateNow(ObjectNode body) {
        if (body == null) {
            throw InvalidInputException.of("body", "is required: a resolved scenario (JSON object)");
        }
        ParsedScenario parsed;
        try {
            parsed = reader.read(body);
        } catch (UnparseableScenarioException e) {
            throw InvalidInputException.of(e.field(), e.getMessage());
        }
        Evaluation evaluation = evaluate(parsed, clock.instant());
        if (!evaluation.ok()) {
            throw new InvalidInputException("The scenario cannot be estimated",
                    evaluation.errors().stream().map(v -> new InvalidInputException.Violation(v.field(), v.message())).toList());
        }
        return evaluation.computed();
    }

    /** The stored outcome of a scenario: the scenarios.computed or scenarios.rejected value exactly as published. */
    public Uni<String> storedEvent(String scenarioId) {
        return store.find(scenarioId).map(found -> found
                .orElseThrow(() -> new UnknownIdException("No compute estimate for scenario '" + scenarioId + "'"))
                .event());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static ComputeBlock block(ComputeResult r) {
        var m = r.memory();
        var s = r.serving();
        return new ComputeBlock(r.trainingFlops(), r.pfDays(), r.utilization(), r.utilizationSource(), r.gpuHours(),
                new ComputeBlock.Range(r.gpuHoursP10(), r.gpuHoursP90()), r.gpuCount(), r.wallClockDays(),
                new ComputeBlock.Memory(m.weightsGb(), m.gradientsGb(), m.optimizerGb(), m.activationsGb(), m.minAccelerators()),
                r.energyMwh(), r.co2Tonnes(), r.pue(), r.carbonIntensity(),
                new ComputeBlock.Serving(s.flopsPerToken(), s.kvCacheBytesPerToken(), s.tokensPerSecondPerAccelerator(),
                        s.accelerators(), s.accelerator(), s.attention(), s.precision(), s.kvCachePrecision(),
                        s.acceleratorsPerReplica(), s.batchSize(), finite(s.ttftMs()), finite(s.tpotMs())),
                r.stages().stream().map(st -> new ComputeBlock.Stage(st.name(), st.trainingFlops(), st.pfDays(), st.gpuHours(),
                        st.wallClockDays())).toList());
    }

    /**
     * Computes every distinct scenario of a batch (pure CPU) and stores the outcomes in one statement; returns one
     * stored outcome per distinct scenario, in input order, the first delivery of an id in the batch standing for it.
     * In the common case, all new, that is one insert and no read. A scenario already stored (a redelivery, or stored
     * first by a concurrent consumer) gets the stored outcome back and its fresh computation is discarded; whether to
     * publish it is the store's verdict ({@link OutcomeStore.Stored#publish()}).
     */
    public Uni<List<OutcomeStore.Stored>> computeAndStoreAll(List<Delivery> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, Delivery> byId = new LinkedHashMap<>();
        for (Delivery d : batch) {
            byId.putIfAbsent(d.scenario().scenarioId(), d);
        }
        // Deferred, so that a bug in the estimation fails the Uni (and the stage isolates the record at fault)
        // instead of throwing here.
        return Uni.createFrom().item(() -> {
            // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<OutcomeStore.Outcome> fresh = new ArrayList<>(byId.size());
            for (Delivery d : byId.values()) {
                fresh.add(outcome(d, now));
            }
            return fresh;
        })
                .chain(store::insertOrRead)
                .map(stored -> List.copyOf(stored.values()));
    }

    OutcomeStore.Outcome outcome(Delivery delivery, Instant now) {
        ParsedScenario p = delivery.scenario();
        Evaluation evaluation = evaluate(p, now);
        String kind;
        String event;
        if (evaluation.ok()) {
            kind = OutcomeRecords.COMPUTED;
            event = write(evaluation.computed());
        } else {
            kind = OutcomeRecords.REJECTED;
            event = write(new ScenarioRejected(p.scenarioId(), p.scenario().sweepId(), ScenarioRejected.STAGE,
                    evaluation.errors().stream().map(v -> new ScenarioRejected.FieldError(v.field(), v.message())).toList(), now));
        }
        return new OutcomeStore.Outcome(p.scenarioId(), p.scenario().sweepId(), kind, event, now, delivery.partition(),
                delivery.offset());
    }

    private String write(Object value) {
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
