package dev.estimator.catalog.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.messaging.ScenarioRejected.FieldError;
import dev.estimator.catalog.messaging.ScenarioResolved;
import dev.estimator.catalog.messaging.ScenarioSubmitted;

/**
 * Turns a submitted scenario into concrete numbers, or into field-level reasons why it cannot be
 * estimated. No I/O: the caller looks the accelerator up.
 */
public class ScenarioResolver {

    /** Beyond this a parameter count is a typo, not a model (the largest published models are ~2e12). */
    static final double MAX_PARAMETERS = 1e15;
    /** Beyond this a token count is a typo (public frontier runs are ~1e13-1e14 tokens). */
    static final double MAX_TOKENS = 1e17;
    static final Set<String> PRECISIONS = Set.of("fp32", "tf32", "bf16", "fp16", "fp8", "int8");

    public sealed interface Result permits Resolved, Rejected {
    }

    public record Resolved(ScenarioResolved event) implements Result {
    }

    public record Rejected(List<FieldError> errors) implements Result {
    }

    private final Clock clock;

    public ScenarioResolver(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param accelerator the accelerator named by {@code hardware.accelerator}, or null if unknown
     * @param knownAccelerators every accelerator id, for "did you mean" suggestions
     */
    public Result resolve(ScenarioSubmitted s, Accelerator accelerator, List<String> knownAccelerators) {
        List<FieldError> errors = new ArrayList<>();
        ScenarioSubmitted.ModelRequest model = s.model();
        if (model == null) {
            errors.add(new FieldError("model", "is required"));
        } else if (model.ref() != null) {
            errors.add(new FieldError("model.ref", "unknown model '" + model.ref() + "'"));
        } else {
            positive(errors, "model.parameters", model.parameters(), MAX_PARAMETERS);
            if (model.activeParameters() != null) {
                positive(errors, "model.activeParameters", model.activeParameters(), MAX_PARAMETERS);
            }
        }
        ScenarioSubmitted.TrainingRequest training = s.training();
        if (training == null || training.tokens() == null) {
            errors.add(new FieldError("training.tokens", "is required"));
        } else {
            positive(errors, "training.tokens", training.tokens(), MAX_TOKENS);
        }
        if (training != null && training.epochs() != null) {
            positive(errors, "training.epochs", training.epochs(), 1e4);
        }
        if (training != null && training.utilization() != null
                && !(training.utilization() > 0 && training.utilization() <= 1)) {
            errors.add(new FieldError("training.utilization", "must be in (0, 1], was " + training.utilization()));
        }
        String precision = training == null ? null : training.precision();
        if (precision != null && !PRECISIONS.contains(precision)) {
            errors.add(new FieldError("training.precision", "must be one of " + PRECISIONS + ", was '" + precision + "'"));
        }

        ScenarioSubmitted.HardwareRequest hardware = s.hardware();
        Double peak = null;
        if (hardware == null || hardware.accelerator() == null) {
            errors.add(new FieldError("hardware.accelerator", "is required"));
        } else if (accelerator == null) {
            errors.add(new FieldError("hardware.accelerator", "unknown accelerator '" + hardware.accelerator() + "'"
                    + Suggestions.didYouMean(hardware.accelerator(), knownAccelerators)));
        } else {
            if (precision == null) {
                // Mixed precision default: bf16 where the hardware has it, else fp16 (e.g. V100).
                precision = accelerator.peakFlops("bf16") != null ? "bf16" : "fp16";
            }
            peak = accelerator.peakFlops(precision);
            if (peak == null && PRECISIONS.contains(precision)) {
                errors.add(new FieldError("training.precision", accelerator.id + " has no published " + precision + " peak"));
            }
        }
        if (hardware != null && hardware.count() != null && hardware.count() <= 0) {
            errors.add(new FieldError("hardware.count", "must be positive, was " + hardware.count()));
        }
        if (hardware != null && hardware.deadlineDays() != null) {
            positive(errors, "hardware.deadlineDays", hardware.deadlineDays(), 36500);
        }
        if (!errors.isEmpty()) {
            return new Rejected(errors);
        }

        double active = model.activeParameters() != null ? model.activeParameters() : model.parameters();
        String architecture = model.architecture() != null ? model.architecture() : "dense";
        var resolvedModel = new ScenarioResolved.ResolvedModel(null, s.name(), architecture, model.parameters(), active,
                model.layers(), model.hiddenSize(), model.heads(), model.kvHeads(), model.contextLength(), model.components());
        var resolvedTraining = new ScenarioResolved.ResolvedTraining(training.tokens(),
                training.epochs() != null ? training.epochs() : 1.0, precision, training.utilization(), training.dataset());
        var resolvedHardware = new ScenarioResolved.ResolvedHardware(accelerator.id, accelerator.name, hardware.count(),
                hardware.deadlineDays(), precision, peak, accelerator.memoryGb, accelerator.bandwidthTbps, accelerator.tdpWatts);
        return new Resolved(new ScenarioResolved(s.scenarioId(), s.sweepId(), s.submittedAt(), clock.instant(), s.name(),
                resolvedModel, resolvedTraining, resolvedHardware, s.pricing(), s.serving(), s.programme()));
    }

    private static void positive(List<FieldError> errors, String field, Double value, double max) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.isNaN() || value.isInfinite() || value <= 0) {
            errors.add(new FieldError(field, "must be a positive number, was " + value));
        } else if (value > max) {
            errors.add(new FieldError(field, "is implausibly large (" + value + " > " + max + ")"));
        }
    }
}
