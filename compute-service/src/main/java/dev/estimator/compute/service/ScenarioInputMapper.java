package dev.estimator.compute.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.compute.estimate.AcceleratorSpec;
import dev.estimator.compute.estimate.EnergyCalculator;
import dev.estimator.compute.estimate.ModelComponent;
import dev.estimator.compute.estimate.ModelShape;
import dev.estimator.compute.estimate.ScenarioInput;
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
        var d = t.dataset();
        List<ModelComponent> components = new ArrayList<>();
        if (m.components() != null) {
            for (var c : m.components()) {
                components.add(new ModelComponent(c.name(), c.parameters(), or(c.tokensPerInput(), 0), or(c.inputsPerSample(), 1),
                        c.trainable() == null || c.trainable(), c.modality()));
            }
        }
        TrainingWorkload workload = new TrainingWorkload(active, total, or(t.tokens(), 0), or(t.epochs(), 1), components,
                d == null ? 0 : or(d.images(), 0), d == null ? DEFAULT_TOKENS_PER_IMAGE : or(d.tokensPerImage(), DEFAULT_TOKENS_PER_IMAGE),
                d == null ? 0 : or(d.videoSeconds(), 0),
                d == null ? DEFAULT_FRAMES_PER_SECOND : or(d.framesPerSecond(), DEFAULT_FRAMES_PER_SECOND),
                d == null ? DEFAULT_TOKENS_PER_FRAME : or(d.tokensPerFrame(), DEFAULT_TOKENS_PER_FRAME),
                d == null ? 0 : or(d.audioSeconds(), 0),
                d == null ? DEFAULT_AUDIO_TOKENS_PER_SECOND : or(d.audioTokensPerSecond(), DEFAULT_AUDIO_TOKENS_PER_SECOND),
                orInt(m.layers()), orInt(m.hiddenSize()), orInt(m.contextLength()), Boolean.TRUE.equals(t.includeAttention()));
        ModelShape shape = ModelShape.of(active, m.layers(), m.hiddenSize(), m.heads(), m.kvHeads(), m.contextLength());
        if (workload.includeAttention() && (workload.layers() == 0 || workload.hiddenSize() == 0 || workload.contextLength() == 0)) {
            workload = new TrainingWorkload(active, total, workload.textTokens(), workload.epochs(), components, workload.images(),
                    workload.tokensPerImage(), workload.videoSeconds(), workload.framesPerSecond(), workload.tokensPerFrame(),
                    workload.audioSeconds(), workload.audioTokensPerSecond(), shape.layers(), shape.hiddenSize(),
                    shape.contextLength(), true);
        }

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
        double tokensPerDay = number(s.serving(), "tokensPerDay");
        String region = text(s.serving(), "region");
        if (region == null) {
            region = text(s.pricing(), "region");
        }
        return new ScenarioInput(workload, moe, shape, spec, precision, peakFlops, t.utilization(), h.count(), h.deadlineDays(),
                tokensPerDay, pue, EnergyCalculator.carbonIntensity(region), maxAccelerators);
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
