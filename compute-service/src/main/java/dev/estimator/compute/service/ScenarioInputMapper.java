package dev.estimator.compute.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.compute.estimate.AcceleratorSpec;
import dev.estimator.compute.estimate.Attention;
import dev.estimator.compute.estimate.EnergyCalculator;
import dev.estimator.compute.estimate.ModelComponent;
import dev.estimator.compute.estimate.ModelShape;
import dev.estimator.compute.estimate.ScenarioInput;
import dev.estimator.compute.estimate.ServingEstimator;
import dev.estimator.compute.estimate.TrainingStage;
import dev.estimator.compute.estimate.TrainingWorkload;
import dev.estimator.compute.event.ScenarioResolved;

/** From a validated resolved scenario to the estimator's plain input, applying the documented defaults. */
public final class ScenarioInputMapper {

    /**
     * Defaults when the dataset leaves them out (docs/method/compute.md, Training FLOPs): 1 frame per video second,
     * 256 tokens per frame or image, 50 audio tokens/s.
     */
    static final double DEFAULT_FRAMES_PER_SECOND = 1;
    static final double DEFAULT_TOKENS_PER_FRAME = 256;
    static final double DEFAULT_TOKENS_PER_IMAGE = 256;
    static final double DEFAULT_AUDIO_TOKENS_PER_SECOND = 50;

    private ScenarioInputMapper() {
    }

    public static ScenarioInput toInput(ScenarioResolved s, double pue, int maxAccelerators) {
        var m = s.model();
        double total = m.parameters() != null && m.parameters() > 0 ? m.parameters() : m.activeParameters();
        double active = m.activeParameters() != null && m.activeParameters() > 0 ? m.activeParameters() : total;
        boolean moe = "moe".equalsIgnoreCase(m.architecture()) || active < total * 0.9;

        var t = s.training();
        List<ModelComponent> components = new ArrayList<>();
        if (m.components() != null) {
            for (var c : m.components()) {
                components.add(new ModelComponent(c.name(), c.parameters(), or(c.tokensPerInput(), 0), or(c.inputsPerSample(), 1),
                        c.trainable() == null || c.trainable(), c.modality(), c.sees(), or(c.secondsPerInput(), 0),
                        or(c.outputTokensPerInput(), 0)));
            }
        }
        ModelShape shape = ModelShape.of(active, m.layers(), m.hiddenSize(), m.heads(), m.kvHeads(), m.contextLength());
        boolean attention = Boolean.TRUE.equals(t.includeAttention());
        List<TrainingStage> stages = new ArrayList<>();
        if (t.stages() != null && !t.stages().isEmpty()) {
            for (int i = 0; i < t.stages().size(); i++) {
                var stage = t.stages().get(i);
                TrainingWorkload w = workload(active, total, or(stage.tokens(), 0), or(stage.epochs(), 1), components,
                        merge(stage.dataset(), t.dataset()), m, shape, attention);
                stages.add(new TrainingStage(stage.name() != null ? stage.name() : "stage-" + (i + 1),
                        trained(w, components, stage.trainable())));
            }
        } else {
            TrainingWorkload w = workload(active, total, or(t.tokens(), 0), or(t.epochs(), 1), components, t.dataset(), m, shape,
                    attention);
            stages.add(new TrainingStage(TrainingStage.DEFAULT_NAME, trained(w, components, t.trainable())));
        }
        TrainingWorkload workload = stages.get(0).workload();

        var h = s.hardware();
        String precision = t.precision() != null ? t.precision() : h.precision() != null ? h.precision() : "bf16";
        precision = precision.toLowerCase(Locale.ROOT);
        Map<String, Double> peaks = new HashMap<>();
        if (h.peakFlopsByPrecision() != null) {
            h.peakFlopsByPrecision().forEach((k, v) -> {
                if (v != null && v > 0) {
                    peaks.put(k.toLowerCase(Locale.ROOT), v);
                }
            });
        }
        double peakFlops = h.peakFlops() != null && h.peakFlops() > 0 ? h.peakFlops() : peaks.getOrDefault(precision, 0.0);
        if (h.peakFlops() != null && h.peakFlops() > 0) {
            String resolvedPrecision = h.precision() != null ? h.precision().toLowerCase(Locale.ROOT) : precision;
            peaks.putIfAbsent(resolvedPrecision, h.peakFlops());
        }
        if (peakFlops <= 0) {
            // The asked precision has no published peak: fall back to the best 16-bit one.
            peakFlops = peaks.getOrDefault("bf16", peaks.getOrDefault("fp16", peaks.values().stream().findFirst().orElse(0.0)));
        }
        AcceleratorSpec spec = new AcceleratorSpec(h.accelerator(), peaks, or(h.memoryGb(), 0), or(h.bandwidthTbps(), 0),
                or(h.tdpWatts(), 0), or(h.interconnectGbps(), 0));
        String region = text(s.serving(), "region");
        if (region == null) {
            region = text(s.pricing(), "region");
        }
        Attention kvLayout = Attention.of(m.attention(), shape, m.headDim(), m.kvLoraRank(), m.qkRopeHeadDim());
        ServingEstimator.Request serving = serving(s.serving(), spec, peakFlops, precision, components);
        return new ScenarioInput(workload, moe, shape, spec, precision, peakFlops, t.utilization(), h.count(), h.deadlineDays(),
                serving.tokensPerDay(), pue, EnergyCalculator.carbonIntensity(region), maxAccelerators, stages, kvLayout,
                serving);
    }

    /**
     * The serving request (docs/method/compute.md, Serving). The accelerator is serving.hardware when the catalog
     * resolved a serving.accelerator, else the training one; weights default to fp8 when training is fp8, else bf16; the
     * KV cache to bf16. Images per request add each image component's tokens to the prompt (and its encoder's FLOPs);
     * requestsPerSecond without tokensPerDay is that many requests of outputTokens each.
     */
    static ServingEstimator.Request serving(JsonNode sv, AcceleratorSpec trainingSpec, double trainingPeak,
            String trainingPrecision, List<ModelComponent> components) {
        AcceleratorSpec spec = trainingSpec;
        JsonNode hw = sv == null ? null : sv.get("hardware");
        if (hw != null && hw.isObject()) {
            Map<String, Double> peaks = new HashMap<>();
            JsonNode table = hw.get("peakFlopsByPrecision");
            if (table != null && table.isObject()) {
                table.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber() && e.getValue().asDouble() > 0) {
                        peaks.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asDouble());
                    }
                });
            }
            spec = new AcceleratorSpec(text(hw, "accelerator"), peaks, number(hw, "memoryGb"), number(hw, "bandwidthTbps"),
                    number(hw, "tdpWatts"), number(hw, "interconnectGbps"));
        } else if (spec.peakFlopsByPrecision().isEmpty()) {
            spec = new AcceleratorSpec(spec.id(), Map.of(trainingPrecision, trainingPeak), spec.memoryGb(), spec.bandwidthTbps(),
                    spec.tdpWatts(), spec.interconnectGbps());
        }
        String precision = text(sv, "precision");
        if (precision == null) {
            precision = "fp8".equals(trainingPrecision) ? "fp8" : "bf16";
        }
        double images = number(sv, "imagesPerRequest");
        double imageTokens = 0;
        double encoderParameters = 0;
        double encoderTokens = 0;
        for (ModelComponent c : components) {
            if ("image".equalsIgnoreCase(c.modality())) {
                double in = c.tokensPerInput() > 0 ? c.tokensPerInput() : DEFAULT_TOKENS_PER_IMAGE;
                double out = c.outputTokensPerInput() > 0 ? c.outputTokensPerInput() : in;
                encoderParameters += c.parameters();
                encoderTokens += images * in;
                imageTokens = Math.max(imageTokens, images * out);
            }
        }
        if (images > 0 && imageTokens == 0) {
            imageTokens = images * DEFAULT_TOKENS_PER_IMAGE; // no image component: the LM reads the default per image
        }
        var request = new ServingEstimator.Request(spec, precision, text(sv, "kvCachePrecision"), number(sv, "promptTokens"),
                number(sv, "outputTokens"), imageTokens, encoderParameters, encoderTokens, positiveOrNull(sv, "maxTtftMs"),
                positiveOrNull(sv, "maxTpotMs"), 0);
        double tokensPerDay = number(sv, "tokensPerDay");
        if (tokensPerDay <= 0) {
            tokensPerDay = number(sv, "requestsPerSecond") * request.outputTokens() * 86_400.0;
        }
        return new ServingEstimator.Request(request.spec(), request.precision(), request.kvCachePrecision(),
                request.promptTokens(), request.outputTokens(), imageTokens, encoderParameters, encoderTokens,
                request.maxTtftMs(), request.maxTpotMs(), tokensPerDay);
    }

    private static Double positiveOrNull(JsonNode node, String field) {
        double v = number(node, field);
        return v > 0 ? v : null;
    }

    /** The name that trains or freezes the parameters outside the components (docs/method/compute.md, Stages). */
    public static final String BACKBONE = "backbone";

    /** One stage's workload; the attention term needs a shape, derived from the parameters when the model gives none. */
    private static TrainingWorkload workload(double active, double total, double tokens, double epochs,
            List<ModelComponent> components, ScenarioResolved.Dataset d, ScenarioResolved.Model m, ModelShape shape,
            boolean attention) {
        int layers = orInt(m.layers());
        int hidden = orInt(m.hiddenSize());
        int context = orInt(m.contextLength());
        if (attention && (layers == 0 || hidden == 0 || context == 0)) {
            layers = shape.layers();
            hidden = shape.hiddenSize();
            context = shape.contextLength();
        }
        return new TrainingWorkload(active, total, tokens, epochs, components,
                d == null ? 0 : or(d.images(), 0), d == null ? DEFAULT_TOKENS_PER_IMAGE : or(d.tokensPerImage(), DEFAULT_TOKENS_PER_IMAGE),
                d == null ? 0 : or(d.videoSeconds(), 0),
                d == null ? DEFAULT_FRAMES_PER_SECOND : or(d.framesPerSecond(), DEFAULT_FRAMES_PER_SECOND),
                d == null ? DEFAULT_TOKENS_PER_FRAME : or(d.tokensPerFrame(), DEFAULT_TOKENS_PER_FRAME),
                d == null ? 0 : or(d.audioSeconds(), 0),
                d == null ? DEFAULT_AUDIO_TOKENS_PER_SECOND : or(d.audioTokensPerSecond(), DEFAULT_AUDIO_TOKENS_PER_SECOND),
                layers, hidden, context, attention, d == null ? 0 : or(d.samples(), 0), true);
    }

    /**
     * The workload with the components a stage trains: null keeps each component's default (and trains the backbone);
     * a list trains exactly the components it names ({@link #BACKBONE} for the rest), the others frozen.
     */
    private static TrainingWorkload trained(TrainingWorkload w, List<ModelComponent> components, List<String> trainable) {
        if (trainable == null) {
            return w;
        }
        List<ModelComponent> staged = components.stream().map(c -> c.withTrainable(trainable.contains(c.name()))).toList();
        return w.withComponents(staged, trainable.contains(BACKBONE));
    }

    /** A stage's dataset; its absent token rates are the training dataset's (a rate is the model's, a count the stage's). */
    private static ScenarioResolved.Dataset merge(ScenarioResolved.Dataset stage, ScenarioResolved.Dataset training) {
        if (stage == null || training == null) {
            return stage != null ? stage : training;
        }
        // Counts (samples, images, seconds) are the stage's own; only the token rates fall back to the training's.
        return new ScenarioResolved.Dataset(stage.samples(), stage.images(),
                first(stage.tokensPerImage(), training.tokensPerImage()), stage.videoSeconds(),
                first(stage.framesPerSecond(), training.framesPerSecond()), first(stage.tokensPerFrame(), training.tokensPerFrame()),
                stage.audioSeconds(), first(stage.audioTokensPerSecond(), training.audioTokensPerSecond()));
    }

    private static Double first(Double a, Double b) {
        return a != null ? a : b;
    }

    private static double number(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) && node.get(field).isNumber() ? node.get(field).asDouble() : 0;
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }

    private static int orInt(Integer v) {
        return v != null ? v : 0;
    }
}
