package dev.estimator.catalog.repository;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A part of a multi-modal model (e.g. CLIP's image tower) with the tokens it processes per input, so
 * compute can be counted per component. {@code trainable=false} marks a frozen part. A model's components are listed
 * in the order of its data flow (encoder, projector, language model); {@code sees} names the other streams whose
 * tokens pass through it (a decoder-only LM behind a vision encoder sees image); {@code secondsPerInput} is the audio
 * or video window one input covers (Whisper: 30 s of 1,500 tokens); {@code outputTokensPerInput} the tokens it hands
 * on when fewer than it reads (a Q-Former reads 257 patches, hands on 32 queries).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelComponent(String name, String modality, Double parameters, Integer tokensPerInput,
        Integer inputsPerSample, Boolean trainable, List<String> sees, Double secondsPerInput, Integer outputTokensPerInput) {
}
