package dev.estimator.compute.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.messaging.ScenarioResolved;

/** Field-level checks of a resolved scenario before estimation; every message says what to change. */
public final class ScenarioValidator {

    static final Set<String> PRECISIONS = Set.of("fp32", "tf32", "bf16", "fp16", "fp8", "int8");
    static final Set<String> MODALITIES = Set.of("text", "image", "video", "audio");

    private ScenarioValidator() {
    }

    public static List<FieldViolation> validate(ScenarioResolved s) {
        List<FieldViolation> errors = new ArrayList<>();
        var model = s.model();
        if (model == null) {
            errors.add(new FieldViolation("model", "is required"));
        } else {
            if (!positive(model.parameters()) && !positive(model.activeParameters())) {
                errors.add(new FieldViolation("model.parameters", "must be a positive number of parameters"));
            }
            if (model.activeParameters() != null && model.activeParameters() <= 0) {
                errors.add(new FieldViolation("model.activeParameters", "must be positive"));
            }
            if (model.activeParameters() != null && model.parameters() != null
                    && model.activeParameters() > model.parameters() * 1.0001) {
                errors.add(new FieldViolation("model.activeParameters", "cannot exceed model.parameters"));
            }
            if (model.components() != null) {
                for (int i = 0; i < model.components().size(); i++) {
                    var c = model.components().get(i);
                    String at = "model.components[" + i + "]";
                    if (c == null) {
                        errors.add(new FieldViolation(at, "must be an object"));
                        continue;
                    }
                    if (!positive(c.parameters())) {
                        errors.add(new FieldViolation(at + ".parameters", "must be positive"));
                    }
                    if (c.tokensPerInput() != null && c.tokensPerInput() < 0) {
                        errors.add(new FieldViolation(at + ".tokensPerInput", "must not be negative"));
                    }
                    if (c.modality() != null && !MODALITIES.contains(c.modality().toLowerCase())) {
                        errors.add(new FieldViolation(at + ".modality", "must be one of " + MODALITIES));
                    }
                }
            }
        }
        var training = s.training();
        if (training == null) {
            errors.add(new FieldViolation("training", "is required"));
        } else {
            boolean hasModalityData = training.dataset() != null && (positive(training.dataset().images())
                    || positive(training.dataset().videoSeconds()) || positive(training.dataset().audioSeconds()));
            if (training.tokens() == null ? !hasModalityData : training.tokens() < 0 || (training.tokens() == 0 && !hasModalityData)) {
                errors.add(new FieldViolation("training.tokens", "must be a positive number of tokens (or give dataset images, video or audio)"));
            }
            if (training.epochs() != null && training.epochs() <= 0) {
                errors.add(new FieldViolation("training.epochs", "must be positive"));
            }
            if (training.utilization() != null && (training.utilization() <= 0 || training.utilization() > 1)) {
                errors.add(new FieldViolation("training.utilization", "must be in (0, 1]: a share of the accelerator's peak FLOP/s"));
            }
            if (training.precision() != null && !PRECISIONS.contains(training.precision().toLowerCase())) {
                errors.add(new FieldViolation("training.precision", "must be one of " + PRECISIONS));
            }
            var d = training.dataset();
            if (d != null) {
                negative(errors, "training.dataset.images", d.images());
                negative(errors, "training.dataset.tokensPerImage", d.tokensPerImage());
                negative(errors, "training.dataset.videoSeconds", d.videoSeconds());
                negative(errors, "training.dataset.framesPerSecond", d.framesPerSecond());
                negative(errors, "training.dataset.tokensPerFrame", d.tokensPerFrame());
                negative(errors, "training.dataset.audioSeconds", d.audioSeconds());
                negative(errors, "training.dataset.audioTokensPerSecond", d.audioTokensPerSecond());
            }
        }
        var hardware = s.hardware();
        if (hardware == null) {
            errors.add(new FieldViolation("hardware", "is required"));
        } else {
            boolean anyPeak = positive(hardware.peakFlops())
                    || (hardware.peakFlopsByPrecision() != null && hardware.peakFlopsByPrecision().values().stream()
                            .anyMatch(v -> v != null && v > 0));
            if (!anyPeak) {
                errors.add(new FieldViolation("hardware.peakFlops", "must be a positive FLOP/s for the training precision"));
            }
            if (hardware.count() != null && hardware.count() < 1) {
                errors.add(new FieldViolation("hardware.count", "must be at least 1"));
            }
            if (hardware.deadlineDays() != null && hardware.deadlineDays() <= 0) {
                errors.add(new FieldViolation("hardware.deadlineDays", "must be a positive number of days"));
            }
            if (hardware.count() != null && hardware.deadlineDays() != null) {
                errors.add(new FieldViolation("hardware.deadlineDays", "give either hardware.count or hardware.deadlineDays, not both"));
            }
            if (!positive(hardware.memoryGb())) {
                errors.add(new FieldViolation("hardware.memoryGb", "must be positive"));
            }
            if (hardware.tdpWatts() != null && hardware.tdpWatts() < 0) {
                errors.add(new FieldViolation("hardware.tdpWatts", "must not be negative"));
            }
        }
        if (s.serving() != null && s.serving().has("tokensPerDay") && !s.serving().get("tokensPerDay").isNull()
                && (!s.serving().get("tokensPerDay").isNumber() || s.serving().get("tokensPerDay").asDouble() < 0)) {
            errors.add(new FieldViolation("serving.tokensPerDay", "must be a non-negative number"));
        }
        return errors;
    }

    private static void negative(List<FieldViolation> errors, String field, Double v) {
        if (v != null && v < 0) {
            errors.add(new FieldViolation(field, "must not be negative"));
        }
    }

    private static boolean positive(Double v) {
        return v != null && v > 0;
    }
}
