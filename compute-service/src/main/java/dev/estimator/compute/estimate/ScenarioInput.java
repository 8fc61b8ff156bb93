package dev.estimator.compute.estimate;

import java.util.List;

/**
 * Everything the estimator needs about one scenario, in plain numbers.
 *
 * @param workload           the model and its (first) stage's data: the model's numbers (parameters, shape) are read here
 * @param peakFlops          dense peak FLOP/s for {@code precision} as resolved by the catalog (used when the spec has no
 *                           per-precision table)
 * @param userUtilization    utilization the user gave (relative to the peak of {@code precision}), or null for the profile
 * @param count              accelerators, or null
 * @param deadlineDays       deadline, or null
 * @param tokensPerDay       serving load, 0 for none
 * @param maxAccelerators    the largest cluster a deadline may ask for
 * @param stages             the training stages, in order; the totals are their sums. Empty: one stage, {@code workload}
 * @param attention          the model's attention (KV cache); null: derived from {@code shape}
 * @param serving            what is served, on which accelerator; null: the training accelerator at the training
 *                           precision (fp8 if it trains in fp8, else bf16), default request lengths, no targets
 */
public record ScenarioInput(TrainingWorkload workload, boolean moe, ModelShape shape, AcceleratorSpec spec, String precision,
        double peakFlops, Double userUtilization, Integer count, Double deadlineDays, double tokensPerDay, double pue,
        double carbonIntensity, int maxAccelerators, List<TrainingStage> stages, Attention attention,
        ServingEstimator.Request serving) {

    public ScenarioInput {
        stages = stages == null || stages.isEmpty() ? List.of(new TrainingStage(TrainingStage.DEFAULT_NAME, workload))
                : List.copyOf(stages);
        attention = attention != null ? attention : Attention.of(null, shape, null, null, null);
    }

    /** Without serving details: the training accelerator serves (see {@code serving}). */
    public ScenarioInput(TrainingWorkload workload, boolean moe, ModelShape shape, AcceleratorSpec spec, String precision,
            double peakFlops, Double userUtilization, Integer count, Double deadlineDays, double tokensPerDay, double pue,
            double carbonIntensity, int maxAccelerators, List<TrainingStage> stages) {
        this(workload, moe, shape, spec, precision, peakFlops, userUtilization, count, deadlineDays, tokensPerDay, pue,
                carbonIntensity, maxAccelerators, stages, null, null);
    }

    /** A single-stage scenario. */
    public ScenarioInput(TrainingWorkload workload, boolean moe, ModelShape shape, AcceleratorSpec spec, String precision,
            double peakFlops, Double userUtilization, Integer count, Double deadlineDays, double tokensPerDay, double pue,
            double carbonIntensity, int maxAccelerators) {
        this(workload, moe, shape, spec, precision, peakFlops, userUtilization, count, deadlineDays, tokensPerDay, pue,
                carbonIntensity, maxAccelerators, List.of());
    }
}
