package dev.estimator.compute.estimate;

import java.util.List;

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
     * FLOPs of a whole workload (docs/method/compute.md, Training FLOPs). The components are in data-flow order; each
     * component c sees T_c tokens: those of its own stream plus, for every other stream it sees, the tokens that
     * stream's last component before it hands on (LLaVA: the projector's 576 per image reach the language model).
     * Trainable 6·N·T; frozen with a trainable component before it in the streams it sees 4·N·T (its input gradient
     * is still needed: backward through activations, no weight gradient); frozen with nothing trainable before it
     * 2·N·T (forward only). The backbone (active parameters minus the components) comes last, sees the text tokens
     * plus every stream's tokens, and is trained unless the stage freezes it. Epochs multiply everything.
     */
    public static double trainingFlops(TrainingWorkload w) {
        List<ModelComponent> components = w.components();
        double flops = 0;
        double componentParameters = 0;
        double lmFactor = 0;
        double lmParameters = 0;
        for (int i = 0; i < components.size(); i++) {
            ModelComponent c = components.get(i);
            componentParameters += c.parameters();
            double factor = factor(components, i);
            flops += factor * c.parameters() * componentTokens(components, i, w);
            if (c.modality().equals("text") && c.parameters() > lmParameters) {
                lmParameters = c.parameters();
                lmFactor = factor;
            }
        }
        double backbone = w.activeParameters() - componentParameters;
        double backboneTokens = backboneTokens(w);
        double backboneFactor = backboneFactor(w);
        if (backbone > 0) {
            flops += backboneFactor * backbone * backboneTokens;
        }
        if (w.includeAttention()) {
            // The attention term belongs to the language model: the backbone, or the largest text component when the
            // components already hold it; a frozen one costs 2/6 or 4/6 of it, like its weights.
            double factor = backbone >= lmParameters ? backboneFactor : lmFactor;
            flops += attentionFlopsPerToken(w.layers(), w.hiddenSize(), w.contextLength()) * factor / 6.0 * backboneTokens;
        }
        return flops * w.effectiveEpochs();
    }

    /** PaLM (Chowdhery et al. 2022, appendix B) attention term: 12·L·d·T FLOPs per trained token, forward and backward. */
    public static double attentionFlopsPerToken(int layers, int hiddenSize, int contextLength) {
        return 12.0 * layers * hiddenSize * contextLength;
    }

    /** Tokens component {@code index} sees in one epoch: its own stream's, plus what each other stream it sees hands on. */
    static double componentTokens(List<ModelComponent> components, int index, TrainingWorkload w) {
        ModelComponent c = components.get(index);
        double tokens = streamTokens(c.modality(), c, w, c.tokensPerInput(), components);
        for (String stream : c.sees()) {
            if (!stream.equals(c.modality())) {
                tokens += handedOn(stream, components, index, w);
            }
        }
        return tokens;
    }

    /** Tokens the backbone (the end of the flow) sees: text plus what every stream's last component hands on. */
    static double backboneTokens(TrainingWorkload w) {
        List<ModelComponent> components = w.components();
        double tokens = textTokens(w, components);
        for (String stream : MEDIA) {
            tokens += handedOn(stream, components, components.size(), w);
        }
        return tokens;
    }

    static final List<String> MEDIA = List.of("image", "video", "audio");

    /**
     * Tokens stream {@code stream} hands on to component {@code before}: its last component before that one, with the
     * tokens it outputs per input; with no component of that stream, the raw dataset tokens (images x tokensPerImage, ...).
     */
    static double handedOn(String stream, List<ModelComponent> components, int before, TrainingWorkload w) {
        if (stream.equals("text")) {
            return textTokens(w, components);
        }
        for (int j = before - 1; j >= 0; j--) {
            ModelComponent c = components.get(j);
            if (c.modality().equals(stream)) {
                double out = c.outputTokensPerInput() > 0 ? c.outputTokensPerInput() : c.tokensPerInput();
                return streamTokens(stream, c, w, out, components);
            }
        }
        return streamTokens(stream, null, w, 0, components);
    }

    /**
     * Tokens of one stream at a component that turns each input into {@code perInput} tokens (0: the dataset's default):
     * images x per image; video or audio seconds / the component's window x per window, or else video seconds x frames/s x
     * per frame and audio seconds x per second; text: the text tokens.
     */
    static double streamTokens(String stream, ModelComponent c, TrainingWorkload w, double perInput,
            List<ModelComponent> components) {
        double window = c == null ? 0 : c.secondsPerInput();
        switch (stream) {
            case "image":
                return inputs("image", w, components) * (perInput > 0 ? perInput : w.tokensPerImage());
            case "video": {
                double seconds = inputs("video", w, components);
                return window > 0 ? seconds / window * perInput
                        : seconds * w.framesPerSecond() * (perInput > 0 ? perInput : w.tokensPerFrame());
            }
            case "audio": {
                double seconds = inputs("audio", w, components);
                return window > 0 ? seconds / window * perInput
                        : seconds * (perInput > 0 ? perInput : w.audioTokensPerSecond());
            }
            default:
                return textTokens(w, components);
        }
    }

    /**
     * Images, or video or audio seconds, per epoch: the dataset's count, else samples x the stream's first component's
     * inputsPerSample (x its window for video and audio).
     */
    static double inputs(String stream, TrainingWorkload w, List<ModelComponent> components) {
        double given = switch (stream) {
            case "image" -> w.images();
            case "video" -> w.videoSeconds();
            case "audio" -> w.audioSeconds();
            default -> 0;
        };
        if (given > 0 || w.samples() <= 0) {
            return given;
        }
        for (ModelComponent c : components) {
            if (c.modality().equals(stream)) {
                double perSample = c.inputsPerSample() > 0 ? c.inputsPerSample() : 1;
                return w.samples() * perSample * (stream.equals("image") ? 1 : Math.max(1, c.secondsPerInput()));
            }
        }
        return 0;
    }

    /** Text tokens per epoch: the given count, else samples x the first text component's tokens per sample. */
    static double textTokens(TrainingWorkload w, List<ModelComponent> components) {
        if (w.textTokens() > 0 || w.samples() <= 0) {
            return w.textTokens();
        }
        for (ModelComponent c : components) {
            if (c.modality().equals("text") && c.tokensPerInput() > 0) {
                return w.samples() * (c.inputsPerSample() > 0 ? c.inputsPerSample() : 1) * c.tokensPerInput();
            }
        }
        return 0;
    }

    /** 6, 4 or 2 FLOPs per parameter per token for component {@code index}: see {@link #trainingFlops(TrainingWorkload)}. */
    static double factor(List<ModelComponent> components, int index) {
        ModelComponent c = components.get(index);
        if (c.trainable()) {
            return 6.0;
        }
        for (int i = 0; i < index; i++) {
            ModelComponent before = components.get(i);
            if (before.trainable() && c.seesStream(before.modality())) {
                return 4.0;
            }
        }
        return 2.0;
    }

    /** The backbone sees every stream: frozen, it is back-propagated through when any component is trained. */
    static double backboneFactor(TrainingWorkload w) {
        if (w.backboneTrainable()) {
            return 6.0;
        }
        return w.components().stream().anyMatch(ModelComponent::trainable) ? 4.0 : 2.0;
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
