package dev.estimator.compute.estimate;

import java.util.List;

/**
 * What one training run processes. A plain language model is {@code activeParameters} over
 * {@code textTokens x epochs}; a multi-modal model adds components and modality inputs.
 *
 * @param activeParameters parameters activated per token (MoE: active), including the components
 * @param totalParameters  all parameters (memory)
 * @param textTokens       text tokens per epoch
 * @param images           images per epoch
 * @param tokensPerImage   tokens an image becomes in the backbone
 * @param videoSeconds     seconds of video per epoch
 * @param framesPerSecond  sampled frames per video second
 * @param tokensPerFrame   tokens a frame becomes in the backbone
 * @param audioSeconds     seconds of audio per epoch
 * @param audioTokensPerSecond tokens a second of audio becomes in the backbone
 * @param layers           transformer layers, 0 when unknown
 * @param hiddenSize       model width, 0 when unknown
 * @param contextLength    sequence length, 0 when unknown
 * @param includeAttention add the 12·L·d·T attention FLOPs per token (PaLM's MFU convention)
 */
public record TrainingWorkload(double activeParameters, double totalParameters, double textTokens, double epochs,
        List<ModelComponent> components, double images, double tokensPerImage, double videoSeconds, double framesPerSecond,
        double tokensPerFrame, double audioSeconds, double audioTokensPerSecond, int layers, int hiddenSize,
        int contextLength, boolean includeAttention) {

    public TrainingWorkload {
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** A dense (or MoE, by active parameters) language model without components. */
    public static TrainingWorkload languageModel(double activeParameters, double totalParameters, double tokens, double epochs) {
        return new TrainingWorkload(activeParameters, totalParameters, tokens, epochs, List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                false);
    }

    public double effectiveEpochs() {
        return epochs > 0 ? epochs : 1;
    }
}
