package dev.estimator.compute.estimate;

/**
 * One part of a (multi-modal) model with its own token stream, e.g. a vision encoder.
 *
 * @param parameters     parameters activated per token of this component
 * @param tokensPerInput tokens this component processes per input (image, second of audio, frame, text sample)
 * @param inputsPerSample inputs per training sample when the dataset gives no modality count (e.g. CLIP: 1 image per pair)
 * @param trainable      whether its weights are updated
 * @param modality       {@code text}, {@code image}, {@code video} or {@code audio}; components of one modality form a
 *                       stream in list order, which decides whether a frozen component is back-propagated through
 */
public record ModelComponent(String name, double parameters, double tokensPerInput, double inputsPerSample, boolean trainable,
        String modality) {
}
