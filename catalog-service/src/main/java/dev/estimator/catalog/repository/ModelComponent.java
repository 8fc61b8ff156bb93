package dev.estimator.catalog.repository;

/**
 * A part of a multi-modal model (e.g. CLIP's image tower) with the tokens it processes per input, so
 * compute can be counted per component. {@code trainable=false} marks a frozen part.
 */
public record ModelComponent(String name, String modality, Double parameters, Integer tokensPerInput,
        Integer inputsPerSample, Boolean trainable) {
}
