package dev.estimator.compute.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.event.ScenarioResolved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * What the calculation needs of a resolved scenario, and nothing more: the public request's limits are the
 * gateway's (docs/architecture.md, Validation), so a large but finite value is estimated here. Checked: the
 * constraints declared on {@link ScenarioResolved} (one field each), the rules that span fields, and that every
 * number the estimator reads is finite (JSON such as 1e400 reads as infinity). Every message says what to change.
 */
@ApplicationScoped
public class ScenarioValidator {

    /** The blocks of the resolved scenario that the estimator reads numbers from. */
    static final List<String> NUMERIC_BLOCKS = List.of("model", "training", "hardware", "serving");

    private final Validator validator;

    public ScenarioValidator(Validator validator) {
        this.validator = validator;
    }

    public List<FieldViolation> validate(ParsedScenario parsed) {
        List<FieldViolation> errors = new ArrayList<>();
        for (String block : NUMERIC_BLOCKS) {
            nonFinite(parsed.json().get(block), block, errors);
        }
        if (!errors.isEmpty()) {
            // Infinite values would also fail (or pass) the checks below for the wrong reason.
            return errors;
        }
        ScenarioResolved s = parsed.scenario();
        validator.validate(s).stream()
                .map(v -> new FieldViolation(path(v.getPropertyPath()), v.getMessage()))
                // Bean Validation reports in no fixed order: sort, so that the same scenario gets the same rejection.
                .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
                .forEach(errors::add);
        acrossFields(s, errors);
        return errors;
    }

    private static void acrossFields(ScenarioResolved s, List<FieldViolation> errors) {
        var model = s.model();
        if (model != null) {
            if (model.parameters() == null && !positive(model.activeParameters())) {
                errors.add(new FieldViolation("model.parameters", "must be a positive number of parameters"));
            }
            if (model.activeParameters() != null && model.parameters() != null
                    && model.activeParameters() > model.parameters() * 1.0001) {
                errors.add(new FieldViolation("model.activeParameters", "cannot exceed model.parameters"));
            }
        }
        var training = s.training();
        if (training != null) {
            List<String> names = componentNames(model);
            if (training.stages() != null && !training.stages().isEmpty()) {
                for (int i = 0; i < training.stages().size(); i++) {
                    var stage = training.stages().get(i);
                    if (stage == null) {
                        continue;
                    }
                    String at = "training.stages[" + i + "]";
                    if (!hasData(stage.tokens(), stage.dataset())) {
                        errors.add(new FieldViolation(at + ".tokens",
                                "must be a positive number of tokens (or give dataset samples, images, video or audio)"));
                    }
                    knownNames(stage.trainable(), names, at + ".trainable", errors);
                }
            } else {
                if (!hasData(training.tokens(), training.dataset())) {
                    errors.add(new FieldViolation("training.tokens",
                            "must be a positive number of tokens (or give dataset images, video or audio)"));
                }
                knownNames(training.trainable(), names, "training.trainable", errors);
            }
        }
        var hardware = s.hardware();
        if (hardware != null) {
            boolean anyPeak = positive(hardware.peakFlops()) || (hardware.peakFlopsByPrecision() != null
                    && hardware.peakFlopsByPrecision().values().stream().anyMatch(ScenarioValidator::positive));
            if (!anyPeak) {
                errors.add(new FieldViolation("hardware.peakFlops", "must be a positive FLOP/s for the training precision"));
            }
            if (hardware.count() != null && hardware.deadlineDays() != null) {
                errors.add(new FieldViolation("hardware.deadlineDays", "give either hardware.count or hardware.deadlineDays, not both"));
            }
        }
        for (String field : SERVING_NUMBERS) {
            JsonNode value = s.serving() == null ? null : s.serving().get(field);
            if (value != null && !value.isNull() && (!value.isNumber() || value.asDouble() < 0)) {
                errors.add(new FieldViolation("serving." + field, "must be a non-negative number"));
            }
        }
        servingChoice(s.serving(), "precision", SERVING_PRECISIONS, errors);
        servingChoice(s.serving(), "kvCachePrecision", KV_PRECISIONS, errors);
        JsonNode servingHardware = s.serving() == null ? null : s.serving().get("hardware");
        if (servingHardware != null && servingHardware.isObject()) {
            JsonNode memory = servingHardware.get("memoryGb");
            if (memory == null || !memory.isNumber() || memory.asDouble() <= 0) {
                errors.add(new FieldViolation("serving.accelerator", "the serving accelerator has no published memory"));
            }
        }
    }

    /** Serving numbers the estimate reads (docs/events.md, scenarios.submitted serving). */
    static final List<String> SERVING_NUMBERS = List.of("tokensPerDay", "requestsPerSecond", "promptTokens", "outputTokens",
            "imagesPerRequest", "maxTtftMs", "maxTpotMs");
    /** Weight precisions serving knows byte sizes for: int4 is weight-only (computed in 16 bits). */
    static final List<String> SERVING_PRECISIONS = List.of("bf16", "fp16", "fp8", "int8", "int4");
    static final List<String> KV_PRECISIONS = List.of("bf16", "fp16", "fp8");

    private static void servingChoice(JsonNode serving, String field, List<String> allowed, List<FieldViolation> errors) {
        JsonNode value = serving == null ? null : serving.get(field);
        if (value != null && !value.isNull()
                && (!value.isTextual() || !allowed.contains(value.asText().toLowerCase(java.util.Locale.ROOT)))) {
            errors.add(new FieldViolation("serving." + field, "must be one of " + allowed));
        }
    }

    private static boolean hasData(Double tokens, ScenarioResolved.Dataset d) {
        boolean modalityData = d != null && (positive(d.images()) || positive(d.videoSeconds()) || positive(d.audioSeconds())
                || positive(d.samples()));
        return positive(tokens) || modalityData;
    }

    /** What a trainable list may name: the model's components, and {@code backbone} for the parameters outside them. */
    private static List<String> componentNames(ScenarioResolved.Model model) {
        List<String> names = new ArrayList<>();
        if (model != null && model.components() != null) {
            model.components().stream().filter(c -> c != null && c.name() != null).forEach(c -> names.add(c.name()));
        }
        names.add(ScenarioInputMapper.BACKBONE);
        return names;
    }

    private static void knownNames(List<String> trainable, List<String> names, String at, List<FieldViolation> errors) {
        if (trainable == null) {
            return;
        }
        for (int j = 0; j < trainable.size(); j++) {
            String name = trainable.get(j);
            if (name != null && !names.contains(name)) {
                errors.add(new FieldViolation(at + "[" + j + "]", "unknown component '" + name + "': the model has " + names));
            }
        }
    }

    private static void nonFinite(JsonNode node, String at, List<FieldViolation> errors) {
        if (node == null) {
            return;
        }
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            errors.add(new FieldViolation(at, "must be a finite number"));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                nonFinite(field.getValue(), at + "." + field.getKey(), errors);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFinite(node.get(i), at + "[" + i + "]", errors);
            }
        }
    }

    /** {@code model.components[0].parameters}: the request path, without Bean Validation's container-element nodes. */
    static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return out.toString();
    }

    private static boolean positive(Double v) {
        return v != null && v > 0;
    }
}
