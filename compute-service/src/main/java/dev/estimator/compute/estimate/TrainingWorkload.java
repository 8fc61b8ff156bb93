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
 * @param samples          training samples per epoch (e.g. image-text pairs); turned into modality inputs with each
 *                         component's {@code inputsPerSample} where the dataset gives no images, video or audio
 * @param backboneTrainable whether the parameters outside the components (the backbone) are trained
 */
public record TrainingWorkload(double activeParameters, double totalParameters, double textTokens, double epochs,
        List<ModelComponent> components, double images, double tokensPerImage, double videoSeconds, double framesPerSecond,
        double tokensPerFrame, double audioSeconds, double audioTokensPerSecond, int layers, int hiddenSize,
        int contextLength, boolean includeAttention, double samples, boolean backboneTrainable) {

    public TrainingWorkload {
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** A workload without a sample count whose backbone is trained. */
    public TrainingWorkload(double activeParameters, double totalParameters, double textTokens, double epochs,
            List<ModelComponent> components, double images, double tokensPerImage, double videoSeconds, double framesPerSecond,
            double tokensPerFrame, double audioSeconds, double audioTokensPerSecond, int layers, int hiddenSize,
            int contextLength, boolean includeAttention) {
        this(activeParameters, totalParameters, textTokens, epochs, components, images, tokensPerImage, videoSeconds,
                framesPerSecond, tokensPerFrame, audioSeconds, audioTokensPerSecond, layers, hiddenSize, contextLength,
                includeAttention, 0, true);
    }

    /** The same workload with other components (a stage's trainable set) and backbone trainability. */
    public TrainingWorkload withComponents(List<ModelComponent> stageComponents, boolean trainBackbone) {
        return new TrainingWorkload(activeParameters, totalParameters, textTokens, epochs, stageComponents, images,
                tokensPerImage, videoSeconds, framesPerSecond, tokensPerFrame, audioSeconds, audioTokensPerSecond, layers,
                hiddenSize, contextLength, includeAttention, samples, trainBackbone);
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
