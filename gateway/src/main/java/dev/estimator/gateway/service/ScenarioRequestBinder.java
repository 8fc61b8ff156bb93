package dev.estimator.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.estimator.gateway.domain.ScenarioRequest;
import dev.estimator.gateway.domain.ScenarioRequest.Component;
import dev.estimator.chassis.rest.Problem.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a JSON scenario request into a {@link ScenarioRequest} and checks what the gateway can check
 * alone (shapes, ranges, enumerations). The catalog checks references (model and accelerator ids)
 * later and rejects through {@code scenarios.rejected}. Every error names the request path at fault.
 */
@ApplicationScoped
public class ScenarioRequestBinder {

    public static final Set<String> PRECISIONS = Set.of("fp32", "tf32", "bf16", "fp16", "fp8", "int8");
    public static final Set<String> ARCHITECTURES = Set.of("dense", "moe");
    public static final Set<String> PRICING_MODELS = Set.of("on-demand", "reserved-1y", "reserved-3y", "spot", "own-cloud");
    public static final Set<String> MODALITIES = Set.of("text", "image", "video", "audio");
    /** Request paths a sweep may vary (scalar leaves of the request). */
    public static final Set<String> VARIABLE_PATHS = Set.of("name", "model.ref", "model.parameters",
            "model.activeParameters", "model.architecture", "model.layers", "model.hiddenSize", "model.heads",
            "model.kvHeads", "model.contextLength", "training.tokens", "training.epochs", "training.precision",
            "training.utilization", "training.dataset.images", "training.dataset.tokensPerImage",
            "training.dataset.videoSeconds", "training.dataset.framesPerSecond", "training.dataset.tokensPerFrame",
            "training.dataset.audioSeconds", "training.dataset.audioTokensPerSecond", "hardware.accelerator",
            "hardware.count", "hardware.deadlineDays", "pricing.provider", "pricing.model", "pricing.currency",
            "pricing.region", "pricing.pricePerAcceleratorHour", "serving.tokensPerDay", "serving.months",
            "programme.experimentMultiplier", "programme.dataCost", "programme.staffCost");

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** Far beyond any published run (GPT-4 class ~2e12 parameters, ~1.5e13 tokens), still catching unit slips. */
    static final double MAX_PARAMETERS = 1e15;
    static final double MAX_TOKENS = 1e17;
    static final int MAX_ACCELERATORS = 10_000_000;

    @Inject
    ObjectMapper json;

    private ObjectMapper strict;

    @PostConstruct
    void init() {
        // Numbers are plain JSON numbers (DESIGN 5.2): "3e11" as a string or 1.5 accelerators are mistakes to report.
        strict = json.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] { LogicalType.Textual, LogicalType.Boolean }) {
            strict.coercionConfigFor(type).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
    }

    /** A valid request, or {@link InvalidRequestException} listing every field at fault. */
    public ScenarioRequest bind(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "must be a JSON object (a scenario request)")));
        }
        ScenarioRequest request;
        try {
            request = strict.treeToValue(body, ScenarioRequest.class);
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(List.of(fieldError(e)));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", e.getOriginalMessage())));
        }
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return request;
    }

    /** The normalized request: record order, nulls left out. Same request, same text, same hash. */
    public String canonical(ScenarioRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FieldError fieldError(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.length() == 0 ? "body" : path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            return new FieldError(field, "is not a known field" + (u.getKnownPropertyIds() == null ? ""
                    : " (known here: " + String.join(", ", u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")"));
        }
        String target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
                ? describe(m.getTargetType())
                : "a value of another type";
        return new FieldError(field, "must be " + target);
    }

    private static String describe(Class<?> type) {
        if (type == Double.class || type == double.class) {
            return "a JSON number";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole JSON number";
        }
        if (type == String.class) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    List<FieldError> validate(ScenarioRequest r) {
        Errors e = new Errors();
        if (r.name() != null && r.name().length() > 200) {
            e.add("name", "must be at most 200 characters");
        }
        validateModel(r.model(), e);
        if (r.training() != null) {
            var t = r.training();
            e.range("training.tokens", t.tokens(), 0, false, MAX_TOKENS);
            e.range("training.epochs", t.epochs(), 0, false, 1000);
            e.oneOf("training.precision", t.precision(), PRECISIONS);
            e.range("training.utilization", t.utilization(), 0, false, 1);
            if (t.dataset() != null) {
                var d = t.dataset();
                e.range("training.dataset.images", d.images(), 0, true, 1e13);
                e.range("training.dataset.tokensPerImage", d.tokensPerImage(), 0, true, 1e6);
                e.range("training.dataset.videoSeconds", d.videoSeconds(), 0, true, 1e13);
                e.range("training.dataset.framesPerSecond", d.framesPerSecond(), 0, false, 1000);
                e.range("training.dataset.tokensPerFrame", d.tokensPerFrame(), 0, true, 1e6);
                e.range("training.dataset.audioSeconds", d.audioSeconds(), 0, true, 1e13);
                e.range("training.dataset.audioTokensPerSecond", d.audioTokensPerSecond(), 0, true, 1e5);
            }
        }
        var h = r.hardware();
        if (h == null) {
            e.add("hardware", "is required: {\"accelerator\": \"nvidia-h100-sxm\", \"count\": 1024}");
        } else {
            if (h.accelerator() == null) {
                e.add("hardware.accelerator", "is required (an accelerator id such as nvidia-h100-sxm)");
            } else {
                e.slug("hardware.accelerator", h.accelerator());
            }
            if (h.count() != null && (h.count() < 1 || h.count() > MAX_ACCELERATORS)) {
                e.add("hardware.count", "must be a whole number from 1 to " + MAX_ACCELERATORS);
            }
            e.range("hardware.deadlineDays", h.deadlineDays(), 0, false, 36500);
            if (h.count() != null && h.deadlineDays() != null) {
                e.add("hardware.deadlineDays", "give either hardware.count (-> days) or hardware.deadlineDays (-> accelerators), not both");
            }
        }
        if (r.pricing() != null) {
            var p = r.pricing();
            if (p.provider() != null) {
                e.slug("pricing.provider", p.provider());
            }
            e.oneOf("pricing.model", p.model(), PRICING_MODELS);
            if (p.currency() != null && !CURRENCY.matcher(p.currency()).matches()) {
                e.add("pricing.currency", "must be an ISO 4217 code such as USD or CNY");
            }
            if (p.region() != null) {
                e.slug("pricing.region", p.region());
            }
            e.range("pricing.pricePerAcceleratorHour", p.pricePerAcceleratorHour(), 0, true, 1e4);
        }
        if (r.serving() != null) {
            e.range("serving.tokensPerDay", r.serving().tokensPerDay(), 0, true, 1e16);
            e.range("serving.months", r.serving().months(), 0, true, 600);
        }
        if (r.programme() != null) {
            e.range("programme.experimentMultiplier", r.programme().experimentMultiplier(), 0, true, 1000);
            e.range("programme.dataCost", r.programme().dataCost(), 0, true, 1e13);
            e.range("programme.staffCost", r.programme().staffCost(), 0, true, 1e13);
        }
        return e.list;
    }

    private static void validateModel(ScenarioRequest.Model m, Errors e) {
        if (m == null) {
            e.add("model", "is required: {\"ref\": \"llama-2-70b\"} or an inline model with parameters");
            return;
        }
        boolean inline = m.parameters() != null || m.components() != null;
        if (m.ref() == null && !inline) {
            e.add("model.ref", "give a catalog model id (model.ref) or an inline model (model.parameters)");
        }
        if (m.ref() != null) {
            e.slug("model.ref", m.ref());
        }
        e.range("model.parameters", m.parameters(), 0, false, MAX_PARAMETERS);
        e.range("model.activeParameters", m.activeParameters(), 0, false, MAX_PARAMETERS);
        if (m.parameters() != null && m.activeParameters() != null && m.activeParameters() > m.parameters()) {
            e.add("model.activeParameters", "must not exceed model.parameters (the total)");
        }
        e.oneOf("model.architecture", m.architecture(), ARCHITECTURES);
        e.positive("model.layers", m.layers());
        e.positive("model.hiddenSize", m.hiddenSize());
        e.positive("model.heads", m.heads());
        e.positive("model.kvHeads", m.kvHeads());
        e.positive("model.contextLength", m.contextLength());
        if (m.heads() != null && m.kvHeads() != null && m.kvHeads() > m.heads()) {
            e.add("model.kvHeads", "must not exceed model.heads");
        }
        if (m.components() != null) {
            for (int i = 0; i < m.components().size(); i++) {
                Component c = m.components().get(i);
                String at = "model.components[" + i + "]";
                if (c == null) {
                    e.add(at, "must be an object");
                    continue;
                }
                if (c.name() == null || c.name().isBlank()) {
                    e.add(at + ".name", "is required (e.g. vision)");
                }
                if (c.parameters() == null) {
                    e.add(at + ".parameters", "is required");
                }
                e.range(at + ".parameters", c.parameters(), 0, false, MAX_PARAMETERS);
                e.range(at + ".tokensPerInput", c.tokensPerInput(), 0, true, 1e7);
                e.range(at + ".inputsPerSample", c.inputsPerSample(), 0, false, 1e6);
                e.oneOf(at + ".modality", c.modality(), MODALITIES);
            }
        }
    }

    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        void range(String field, Double value, double min, boolean minInclusive, double max) {
            if (value == null) {
                return;
            }
            if (!Double.isFinite(value) || (minInclusive ? value < min : value <= min) || value > max) {
                add(field, "must be " + (minInclusive ? ">= " : "> ") + fmt(min) + " and <= " + fmt(max) + ", got " + value);
            }
        }

        void positive(String field, Integer value) {
            if (value != null && value < 1) {
                add(field, "must be a whole number >= 1, got " + value);
            }
        }

        void oneOf(String field, String value, Set<String> allowed) {
            if (value != null && !allowed.contains(value)) {
                add(field, "must be one of " + allowed.stream().sorted().toList() + ", got '" + value + "'");
            }
        }

        void slug(String field, String value) {
            if (!SLUG.matcher(value).matches()) {
                add(field, "must be an id of lowercase letters, digits, '.', '_' or '-', got '" + value + "'");
            }
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf((long) d) : String.valueOf(d);
        }
    }
}
