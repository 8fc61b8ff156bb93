package dev.estimator.catalog.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.domain.Model;
import dev.estimator.catalog.messaging.ScenarioRejected.FieldError;
import dev.estimator.catalog.messaging.ScenarioResolved;
import dev.estimator.catalog.messaging.ScenarioSubmitted;

/**
 * Turns a submitted scenario into concrete numbers, or into field-level reasons why it cannot be
 * estimated. No I/O: the caller looks the model and accelerator up.
 */
public class ScenarioResolver {

    /** Beyond this a parameter count is a typo, not a model (the largest published models are ~2e12). */
    static final double MAX_PARAMETERS = 1e15;
    /** Beyond this a token count is a typo (public frontier runs are ~1e13-1e14 tokens). */
    static final double MAX_TOKENS = 1e17;
    /** More accelerators than exist in any cluster (the largest public clusters are ~1e5). */
    static final double MAX_COUNT = 1e7;
    /** Precisions in the order their peaks are reported. */
    static final List<String> PRECISIONS = List.of("fp32", "tf32", "bf16", "fp16", "fp8", "int8");
    static final Set<String> ARCHITECTURES = Set.of("dense", "moe");
    static final Set<String> MODALITIES = Set.of("text", "image", "audio", "video");

    private static final ObjectMapper JSON = new ObjectMapper();

    public sealed interface Result permits Resolved, Rejected {
    }

    public record Resolved(ScenarioResolved event) implements Result {
    }

    public record Rejected(List<FieldError> errors) implements Result {
    }

    /** What the catalog knows for one scenario; ids lists are only needed for "did you mean" hints. */
    public record Lookup(Model model, List<String> knownModels, Accelerator accelerator, List<String> knownAccelerators) {
    }

    private final Clock clock;

    public ScenarioResolver(Clock clock) {
        this.clock = clock;
    }

    public Result resolve(ScenarioSubmitted s, Lookup lookup) {
        List<FieldError> errors = new ArrayList<>();
        ScenarioResolved.ResolvedModel resolvedModel = resolveModel(s, lookup, errors);

        ScenarioSubmitted.TrainingRequest training = s.training();
        Double tokens = training == null ? null : training.tokens();
        if (tokens == null) {
            if (lookup.model() != null && lookup.model().trainingTokens != null) {
                // A catalog model with no token count asked: estimate its published training run.
                tokens = lookup.model().trainingTokens;
            } else if (lookup.model() != null) {
                errors.add(new FieldError("training.tokens",
                        "is required: the catalog has no published training token count for '" + lookup.model().id + "'"));
            } else {
                errors.add(new FieldError("training.tokens", "is required"));
            }
        } else {
            positive(errors, "training.tokens", tokens, MAX_TOKENS);
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
        Accelerator accelerator = lookup.accelerator();
        Double peak = null;
        if (hardware == null || hardware.accelerator() == null || hardware.accelerator().isBlank()) {
            errors.add(new FieldError("hardware.accelerator", "is required"));
        } else if (accelerator == null) {
            errors.add(new FieldError("hardware.accelerator", "unknown accelerator '" + hardware.accelerator() + "'"
                    + Suggestions.didYouMean(hardware.accelerator(), lookup.knownAccelerators())));
        } else {
            if (precision == null) {
                // Mixed precision default: bf16 where the hardware has it, else fp16 (e.g. V100).
                precision = accelerator.peakFlops("bf16") != null ? "bf16" : "fp16";
            }
            if (PRECISIONS.contains(precision)) {
                peak = accelerator.peakFlops(precision);
                if (peak == null) {
                    errors.add(new FieldError("training.precision", accelerator.id + " has no published " + precision
                            + " peak; it has " + peaks(accelerator).keySet()));
                }
            }
        }
        if (hardware != null && hardware.count() != null) {
            positive(errors, "hardware.count", hardware.count(), MAX_COUNT);
            if (hardware.count() % 1 != 0) {
                errors.add(new FieldError("hardware.count", "must be a whole number of accelerators, was " + hardware.count()));
            }
        }
        if (hardware != null && hardware.deadlineDays() != null) {
            positive(errors, "hardware.deadlineDays", hardware.deadlineDays(), 36500);
        }
        if (!errors.isEmpty()) {
            return new Rejected(errors);
        }

        var resolvedTraining = new ScenarioResolved.ResolvedTraining(tokens,
                training != null && training.epochs() != null ? training.epochs() : 1.0, precision,
                training == null ? null : training.utilization(), training == null ? null : training.dataset());
        var resolvedHardware = new ScenarioResolved.ResolvedHardware(accelerator.id, accelerator.name,
                hardware.count() == null ? null : hardware.count().intValue(),
                hardware.deadlineDays(), precision, peak, peaks(accelerator), accelerator.memoryGb, accelerator.bandwidthTbps,
                accelerator.interconnectGbps, accelerator.tdpWatts, accelerator.unitPriceUsd, accelerator.year);
        return new Resolved(new ScenarioResolved(s.scenarioId(), s.sweepId(), s.submittedAt(), clock.instant(), s.name(),
                resolvedModel, resolvedTraining, resolvedHardware, s.pricing(), s.serving(), s.programme()));
    }

    private ScenarioResolved.ResolvedModel resolveModel(ScenarioSubmitted s, Lookup lookup, List<FieldError> errors) {
        ScenarioSubmitted.ModelRequest model = s.model();
        if (model == null) {
            errors.add(new FieldError("model", "is required: a catalog reference {\"ref\": ...} or an inline model"));
            return null;
        }
        if (model.ref() != null) {
            Model m = lookup.model();
            if (m == null) {
                errors.add(new FieldError("model.ref", "unknown model '" + model.ref() + "'"
                        + Suggestions.didYouMean(model.ref(), lookup.knownModels())));
                return null;
            }
            if (m.parameters == null) {
                errors.add(new FieldError("model.ref", "'" + m.id + "' has no published parameter count; describe the model inline"));
                return null;
            }
            double active = m.activeParameters != null ? m.activeParameters : m.parameters;
            JsonNode components = m.components == null || m.components.isEmpty() ? null : JSON.valueToTree(m.components);
            return new ScenarioResolved.ResolvedModel(m.id, m.name, m.architecture, m.parameters, active, m.layers,
                    m.hiddenSize, m.heads, m.kvHeads, m.contextLength, components);
        }
        int before = errors.size();
        validateComponents(model.components(), errors);
        Double parameters = model.parameters();
        if (parameters == null && errors.size() == before && model.components() != null && model.components().size() > 0) {
            // A model described only by its components is as large as their sum.
            double sum = 0;
            for (JsonNode c : model.components()) {
                sum += c.get("parameters").asDouble();
            }
            parameters = sum;
        }
        positive(errors, "model.parameters", parameters, MAX_PARAMETERS);
        if (model.activeParameters() != null) {
            positive(errors, "model.activeParameters", model.activeParameters(), MAX_PARAMETERS);
            if (parameters != null && model.activeParameters() > parameters) {
                errors.add(new FieldError("model.activeParameters", "cannot exceed model.parameters (" + parameters + ")"));
            }
        }
        String architecture = model.architecture() != null ? model.architecture() : "dense";
        if (!ARCHITECTURES.contains(architecture)) {
            errors.add(new FieldError("model.architecture", "must be one of " + ARCHITECTURES + ", was '" + architecture + "'"));
        } else if (architecture.equals("moe") && model.activeParameters() == null) {
            errors.add(new FieldError("model.activeParameters", "is required for a moe model (parameters activated per token)"));
        }
        positiveInt(errors, "model.layers", model.layers(), 10_000);
        positiveInt(errors, "model.hiddenSize", model.hiddenSize(), 1_000_000);
        positiveInt(errors, "model.heads", model.heads(), 10_000);
        positiveInt(errors, "model.kvHeads", model.kvHeads(), 10_000);
        positiveInt(errors, "model.contextLength", model.contextLength(), 100_000_000);
        if (errors.size() > before) {
            return null;
        }
        double active = model.activeParameters() != null ? model.activeParameters() : parameters;
        return new ScenarioResolved.ResolvedModel(null, s.name(), architecture, parameters, active,
                model.layers(), model.hiddenSize(), model.heads(), model.kvHeads(), model.contextLength(), model.components());
    }

    private static void validateComponents(JsonNode components, List<FieldError> errors) {
        if (components == null || components.isNull()) {
            return;
        }
        if (!components.isArray()) {
            errors.add(new FieldError("model.components", "must be an array"));
            return;
        }
        for (int i = 0; i < components.size(); i++) {
            JsonNode c = components.get(i);
            String at = "model.components[" + i + "].";
            if (!c.isObject()) {
                errors.add(new FieldError("model.components[" + i + "]", "must be an object"));
                continue;
            }
            if (!c.path("name").isTextual()) {
                errors.add(new FieldError(at + "name", "is required"));
            }
            number(errors, at + "parameters", c.get("parameters"), MAX_PARAMETERS, true);
            JsonNode tokens = c.get("tokensPerInput");
            if (tokens != null && !tokens.isNull() && (!tokens.isNumber() || tokens.asDouble() < 0 || tokens.asDouble() > 1e8)) {
                errors.add(new FieldError(at + "tokensPerInput", "must be a number in [0, 1e8], was " + tokens));
            }
            number(errors, at + "inputsPerSample", c.get("inputsPerSample"), 1e6, false);
            JsonNode modality = c.get("modality");
            if (modality != null && !modality.isNull() && !MODALITIES.contains(modality.asText())) {
                errors.add(new FieldError(at + "modality", "must be one of " + MODALITIES + ", was " + modality));
            }
            JsonNode trainable = c.get("trainable");
            if (trainable != null && !trainable.isNull() && !trainable.isBoolean()) {
                errors.add(new FieldError(at + "trainable", "must be true or false"));
            }
        }
    }

    private static void number(List<FieldError> errors, String field, JsonNode value, double max, boolean required) {
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (!value.isNumber()) {
            errors.add(new FieldError(field, "must be a number, was " + value));
        } else {
            positive(errors, field, value.asDouble(), max);
        }
    }

    /** Dense peaks the accelerator publishes, FLOP/s, in {@link #PRECISIONS} order. */
    static Map<String, Double> peaks(Accelerator accelerator) {
        Map<String, Double> peaks = new LinkedHashMap<>();
        for (String p : PRECISIONS) {
            Double flops = accelerator.peakFlops(p);
            if (flops != null) {
                peaks.put(p, flops);
            }
        }
        return peaks;
    }

    private static void positiveInt(List<FieldError> errors, String field, Integer value, double max) {
        if (value != null) {
            positive(errors, field, value.doubleValue(), max);
        }
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
