package dev.estimator.compute.estimate;

import java.util.List;
import java.util.Locale;

/**
 * Training FLOPs, PF-days and accelerator time (docs/method/compute.md, Training FLOPs; Time and accelerators).
 * Framework-free so it can be unit-tested and benchmarked on its own.
 */
public final class TrainingComputeCalculator {

    /** 1 PF-day = 1e15 FLOP/s x 86,400 s (the GPT-3 paper's unit). */
    public static final double FLOP_PER_PF_DAY = 1e15 * 86_400;

    private TrainingComputeCalculator() {
    }

    /**
     * Training FLOPs of one trainable component: 6·N·D (Kaplan et al. 2020, eq. 2.1; the GPT-3 paper's
     * Table D.1 uses the same convention and ignores attention): 2·N·D forward, 4·N·D backward.
     */
    public static double trainingFlops(double activeParameters, double tokens, double epochs) {
        return 6.0 * activeParameters * tokens * epochs;
    }

    /**
     * FLOPs of a whole workload (docs/method/compute.md, Training FLOPs). Each component c sees T_c tokens: trainable 6·N·T;
     * frozen with a trainable component before it in its stream 4·N·T (its input gradient is still
     * needed: backward through activations, no weight gradient); frozen with nothing trainable before
     * it 2·N·T (forward only). The backbone (active parameters minus the components) is trainable and
     * sees the text tokens plus every modality's tokens. Epochs multiply everything.
     */
    public static double trainingFlops(TrainingWorkload w) {
        double epochs = w.effectiveEpochs();
        List<ModelComponent> components = w.components();
        double modalityTokensForBackbone = w.images() * w.tokensPerImage()
                + w.videoSeconds() * w.framesPerSecond() * w.tokensPerFrame()
                + w.audioSeconds() * w.audioTokensPerSecond();
        double flops = 0;
        double componentParameters = 0;
        for (int i = 0; i < components.size(); i++) {
            ModelComponent c = components.get(i);
            componentParameters += c.parameters();
            double tokens = componentTokens(c, w);
            flops += factor(components, i) * c.parameters() * tokens;
        }
        double backbone = w.activeParameters() - componentParameters;
        double backboneTokens = w.textTokens() + modalityTokensForBackbone;
        if (backbone > 0) {
            flops += 6.0 * backbone * backboneTokens;
        }
        if (w.includeAttention()) {
            flops += attentionFlopsPerToken(w.layers(), w.hiddenSize(), w.contextLength()) * backboneTokens;
        }
        return flops * epochs;
    }

    /** PaLM (Chowdhery et al. 2022, appendix B) attention term: 12·L·d·T FLOPs per trained token, forward and backward. */
    public static double attentionFlopsPerToken(int layers, int hiddenSize, int contextLength) {
        return 12.0 * layers * hiddenSize * contextLength;
    }

    /** Tokens a component sees in one epoch: modality inputs x tokens per input. */
    static double componentTokens(ModelComponent c, TrainingWorkload w) {
        String modality = c.modality() == null ? "text" : c.modality().toLowerCase(Locale.ROOT);
        double tokensPerInput = c.tokensPerInput();
        switch (modality) {
            case "image":
                return w.images() * (tokensPerInput > 0 ? tokensPerInput : w.tokensPerImage());
            case "video":
                return w.videoSeconds() * w.framesPerSecond() * (tokensPerInput > 0 ? tokensPerInput : w.tokensPerFrame());
            case "audio":
                return w.audioSeconds() * (tokensPerInput > 0 ? tokensPerInput : w.audioTokensPerSecond());
            default:
                return w.textTokens();
        }
    }

    /** 6, 4 or 2 FLOPs per parameter per token for component {@code index}: see {@link #trainingFlops(TrainingWorkload)}. */
    static double factor(List<ModelComponent> components, int index) {
        ModelComponent c = components.get(index);
        if (c.trainable()) {
            return 6.0;
        }
        String stream = c.modality() == null ? "text" : c.modality();
        for (int i = 0; i < index; i++) {
            ModelComponent before = components.get(i);
            String beforeStream = before.modality() == null ? "text" : before.modality();
            if (before.trainable() && beforeStream.equalsIgnoreCase(stream)) {
                return 4.0;
            }
        }
        return 2.0;
    }

    public static double pfDays(double flops) {
        return flops / FLOP_PER_PF_DAY;
    }

    /** Accelerator-hours at a given dense peak (FLOP/s) and model FLOPs utilization. */
    public static double acceleratorHours(double flops, double peakFlops, double utilization) {
        return flops / (peakFlops * utilization) / 3600.0;
    }

    public static double wallClockDays(double acceleratorHours, int count) {
        return acceleratorHours / count / 24.0;
    }

    /** Accelerators needed to finish within a deadline: ceil(hours / (24 x days)). */
    public static int acceleratorsForDeadline(double acceleratorHours, double deadlineDays) {
        double needed = Math.ceil(acceleratorHours / (24.0 * deadlineDays) - 1e-9);
        return needed > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(1, needed);
    }
}
