package dev.estimator.catalog.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.OutcomeRecords;
import dev.estimator.catalog.event.ScenarioRejected;
import dev.estimator.catalog.event.ScenarioRejected.FieldError;
import dev.estimator.catalog.event.ScenarioResolved;
import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.catalog.repository.Model;

/**
 * Turns a submitted scenario into concrete numbers, or into field-level reasons why it cannot be resolved. No I/O:
 * the caller looks the model and accelerator up.
 *
 * <p>The gateway has validated the request against the public limits (docs/events.md, {@code scenarios.submitted}).
 * This stage does not judge those limits again; it checks only what resolution needs: the references resolve, and
 * the fields it reads are there and are numbers of the kind the resolved event carries (docs/method/catalog.md).
 */
public class ScenarioResolver {

    /** {@code stage} of this stage's rejections. */
    public static final String STAGE = "catalog";
    /** Precisions in the order their peaks are reported. */
    static final List<String> PRECISIONS = List.of("fp32", "tf32", "bf16", "fp16", "fp8", "int8");
    static final Set<String> ARCHITECTURES = Set.of("dense", "moe");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one scenario: the event to publish, and its kind ({@link OutcomeRecords}). */
    public sealed interface Result permits Resolved, Rejected {
        String kind();

        Object event();
    }

    public record Resolved(ScenarioResolved event) implements Result {
        @Override
        public String kind() {
            return OutcomeRecords.RESOLVED;
        }
    }

    public record Rejected(ScenarioRejected event) implements Result {
        @Override
        public String kind() {
            return OutcomeRecords.REJECTED;
        }

        public List<FieldError> errors() {
            return event.errors();
        }
    }

    /** What the catalog knows for one scenario; ids lists are only needed for "did you mean" hints. */
    public record Lookup(Model model, List<String> knownModels, Accelerator accelerator, List<String> knownAccelerators,
            Accelerator servingAccelerator) {

        /** Without a serving accelerator of its own. */
        public Lookup(Model model, List<String> knownModels, Accelerator accelerator, List<String> knownAccelerators) {
            this(model, knownModels, accelerator, knownAccelerators, null);
        }
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
        JsonNode stages = stages(training, lookup.model(), s.model(), errors);
        if (stages != null) {
            // Each stage carries its own data: the total text tokens are theirs.
            double sum = 0;
            for (JsonNode stage : stages) {
                sum += stage.path("tokens").asDouble(0);
            }
            tokens = sum;
        } else if (tokens == null) {
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
            finite(errors, "training.tokens", tokens);
        }
        if (training != null) {
            finite(errors, "training.epochs", training.epochs());
            finite(errors, "training.utilization", training.utilization());
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
        Double count = hardware == null ? null : hardware.count();
        // The resolved event carries a whole number of accelerators.
        if (count != null && !(count % 1 == 0 && Math.abs(count) <= Integer.MAX_VALUE)) {
            errors.add(new FieldError("hardware.count", "must be a whole number of accelerators, was " + count));
        }
        if (hardware != null) {
            finite(errors, "hardware.deadlineDays", hardware.deadlineDays());
        }
        JsonNode serving = serving(s.serving(), lookup, errors);
        if (!errors.isEmpty()) {
            return new Rejected(new ScenarioRejected(s.scenarioId(), s.sweepId(), STAGE, errors, clock.instant()));
        }

        var resolvedTraining = new ScenarioResolved.ResolvedTraining(tokens,
                training != null && training.epochs() != null ? training.epochs() : 1.0, precision,
                training == null ? null : training.utilization(), training == null ? null : training.dataset(),
                training == null ? null : training.includeAttention(), training == null ? null : training.trainable(), stages);
        var resolvedHardware = new ScenarioResolved.ResolvedHardware(accelerator.id, accelerator.name,
                count == null ? null : count.intValue(),
                hardware.deadlineDays(), precision, peak, peaks(accelerator), accelerator.memoryGb, accelerator.bandwidthTbps,
                accelerator.interconnectGbps, accelerator.tdpWatts, accelerator.unitPriceUsd, accelerator.year);
        return new Resolved(new ScenarioResolved(s.scenarioId(), s.sweepId(), s.submittedAt(), clock.instant(), s.name(),
                resolvedModel, resolvedTraining, resolvedHardware, s.pricing(), serving, s.programme()));
    }

    /**
     * The serving section as submitted, plus {@code hardware}: the specs of {@code serving.accelerator} resolved like
     * hardware.accelerator (issue #17: train on one accelerator, serve on another). Without serving.accelerator, as
     * submitted (the training accelerator serves).
     */
    private static JsonNode serving(JsonNode serving, Lookup lookup, List<FieldError> errors) {
        JsonNode asked = serving == null || !serving.isObject() ? null : serving.get("accelerator");
        if (asked == null || asked.isNull()) {
            return serving;
        }
        Accelerator a = lookup.servingAccelerator();
        if (!asked.isTextual() || a == null) {
            errors.add(new FieldError("serving.accelerator", "unknown accelerator '" + asked.asText() + "'"
                    + Suggestions.didYouMean(asked.asText(), lookup.knownAccelerators())));
            return serving;
        }
        var hardware = JSON.createObjectNode();
        hardware.put("accelerator", a.id);
        hardware.put("name", a.name);
        hardware.set("peakFlopsByPrecision", JSON.valueToTree(peaks(a)));
        hardware.put("memoryGb", a.memoryGb);
        hardware.put("bandwidthTbps", a.bandwidthTbps);
        hardware.put("interconnectGbps", a.interconnectGbps);
        hardware.put("tdpWatts", a.tdpWatts);
        hardware.put("unitPriceUsd", a.unitPriceUsd);
        hardware.put("year", a.year);
        var resolved = ((com.fasterxml.jackson.databind.node.ObjectNode) serving).deepCopy();
        resolved.set("hardware", hardware);
        return resolved;
    }

    /**
     * The stages to estimate: the request's, or for {@code recipe: published} the catalog model's published recipe (an
     * error if the request names no catalog model or the model has none); null for a single-stage request.
     */
    private static JsonNode stages(ScenarioSubmitted.TrainingRequest training, Model model,
            ScenarioSubmitted.ModelRequest asked, List<FieldError> errors) {
        if (training == null) {
            return null;
        }
        if (training.stages() != null && !training.stages().isNull()) {
            if (!training.stages().isArray()) {
                errors.add(new FieldError("training.stages", "must be an array"));
                return null;
            }
            return training.stages();
        }
        if (training.recipe() == null) {
            return null;
        }
        if (!"published".equals(training.recipe())) {
            errors.add(new FieldError("training.recipe", "must be published, was '" + training.recipe() + "'"));
        } else if (asked == null || asked.ref() == null) {
            errors.add(new FieldError("training.recipe", "a published recipe needs a catalog model (model.ref)"));
        } else if (model != null && (model.recipe == null || model.recipe.stages() == null || model.recipe.stages().isEmpty())) {
            errors.add(new FieldError("training.recipe", "'" + model.id + "' has no published training recipe; give "
                    + "training.stages"));
        } else if (model != null) {
            return JSON.valueToTree(model.recipe.stages());
        }
        return null;
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
                    m.hiddenSize, m.heads, m.kvHeads, m.contextLength, components, m.attention, m.headDim, m.kvLoraRank,
                    m.qkRopeHeadDim);
        }
        int before = errors.size();
        Double componentSum = componentParameters(model.components(), errors);
        Double parameters = model.parameters() != null ? model.parameters() : componentSum;
        if (parameters == null) {
            if (errors.size() == before) {
                errors.add(new FieldError("model.parameters", "is required: give model.ref, model.parameters or model.components"));
            }
        } else {
            finite(errors, "model.parameters", parameters);
        }
        finite(errors, "model.activeParameters", model.activeParameters());
        String architecture = model.architecture() != null ? model.architecture() : "dense";
        if (!ARCHITECTURES.contains(architecture)) {
            errors.add(new FieldError("model.architecture", "must be one of " + ARCHITECTURES + ", was '" + architecture + "'"));
        } else if (architecture.equals("moe") && model.activeParameters() == null) {
            // Only the request can say how many parameters a token activates: there is no default to resolve to.
            errors.add(new FieldError("model.activeParameters", "is required for a moe model (parameters activated per token)"));
        }
        if (errors.size() > before) {
            return null;
        }
        double active = model.activeParameters() != null ? model.activeParameters() : parameters;
        return new ScenarioResolved.ResolvedModel(null, s.name(), architecture, parameters, active,
                model.layers(), model.hiddenSize(), model.heads(), model.kvHeads(), model.contextLength(), model.components(),
                model.attention(), model.headDim(), model.kvLoraRank(), model.qkRopeHeadDim());
    }

    /**
     * The inline components' total parameters (a model described only by its components is as large as their sum),
     * or null when there are none or one cannot be read. Components are otherwise passed through unread.
     */
    private static Double componentParameters(JsonNode components, List<FieldError> errors) {
        if (components == null || components.isNull()) {
            return null;
        }
        if (!components.isArray()) {
            errors.add(new FieldError("model.components", "must be an array"));
            return null;
        }
        double sum = 0;
        boolean readable = components.size() > 0;
        for (int i = 0; i < components.size(); i++) {
            JsonNode c = components.get(i);
            if (!c.isObject()) {
                errors.add(new FieldError("model.components[" + i + "]", "must be an object"));
                readable = false;
                continue;
            }
            JsonNode parameters = c.get("parameters");
            if (parameters == null || !parameters.isNumber() || !Double.isFinite(parameters.asDouble())) {
                errors.add(new FieldError("model.components[" + i + "].parameters", "must be a number, was " + parameters));
                readable = false;
            } else {
                sum += parameters.asDouble();
            }
        }
        return readable ? sum : null;
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

    /** Jackson reads "NaN" or "Infinity" into a Double; neither is a JSON number, so neither can be passed on. */
    private static void finite(List<FieldError> errors, String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            errors.add(new FieldError(field, "must be a number, was " + value));
        }
    }
}
