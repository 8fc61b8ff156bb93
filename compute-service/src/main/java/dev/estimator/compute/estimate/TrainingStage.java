package dev.estimator.compute.estimate;

/**
 * One stage of a training recipe (LLaVA-1.5: {@code align} trains the projector, {@code instruct} the projector and
 * the language model): its own data and its own trainable set, the rest of the model frozen in it.
 */
public record TrainingStage(String name, TrainingWorkload workload) {

    /** The name of a request without stages. */
    public static final String DEFAULT_NAME = "training";
}
