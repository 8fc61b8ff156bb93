package dev.estimator.compute.estimate;

import java.util.List;
import java.util.Locale;

/**
 * One part of a (multi-modal) model, e.g. a vision encoder. The list of a model's components is in the order of its
 * data flow (encoder, projector, language model): whether a frozen component is back-propagated through depends on
 * what is trainable before it (docs/method/compute.md, Training FLOPs).
 *
 * @param parameters      parameters activated per token of this component
 * @param tokensPerInput  tokens this component processes per input of its own modality: per image, per frame (video),
 *                        per second of audio, or per {@code secondsPerInput} window when that is set; for a text
 *                        component, text tokens per sample (used only when the dataset gives samples, not tokens)
 * @param inputsPerSample inputs of its modality per training sample, used when the dataset gives samples and no
 *                        modality count (CLIP: 1 image per pair)
 * @param trainable       whether its weights are updated (the default; a stage may override it)
 * @param modality        {@code text}, {@code image}, {@code video} or {@code audio}: its own input stream
 * @param sees            the streams whose tokens it processes; its own always. A decoder-only language model behind a
 *                        vision encoder sees {@code [text, image]}: the image tokens pass through it. Empty: its own.
 * @param secondsPerInput audio or video seconds one input covers (Whisper: a 30 s window of 1,500 tokens); 0: per
 *                        second of audio, per frame of video
 * @param outputTokensPerInput tokens per input it hands on to the components that see its stream (a Q-Former reads
 *                        257 patch features and emits 32 queries); 0: {@code tokensPerInput}
 */
public record ModelComponent(String name, double parameters, double tokensPerInput, double inputsPerSample, boolean trainable,
        String modality, List<String> sees, double secondsPerInput, double outputTokensPerInput) {

    public ModelComponent {
        modality = modality == null ? "text" : modality.toLowerCase(Locale.ROOT);
        sees = sees == null ? List.of() : sees.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** A component that sees only its own stream. */
    public ModelComponent(String name, double parameters, double tokensPerInput, double inputsPerSample, boolean trainable,
            String modality) {
        this(name, parameters, tokensPerInput, inputsPerSample, trainable, modality, List.of(), 0, 0);
    }

    /** Whether this component processes the tokens of {@code stream}. */
    public boolean seesStream(String stream) {
        return modality.equals(stream) || sees.contains(stream);
    }

    /** The same component, trained or frozen. */
    public ModelComponent withTrainable(boolean trained) {
        return new ModelComponent(name, parameters, tokensPerInput, inputsPerSample, trained, modality, sees, secondsPerInput,
                outputTokensPerInput);
    }
}
