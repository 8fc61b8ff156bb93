package dev.estimator.compute.estimate;

/**
 * Everything the estimator needs about one scenario, in plain numbers.
 *
 * @param peakFlops          dense peak FLOP/s for {@code precision} as resolved by the catalog (used when the spec has no
 *                           per-precision table)
 * @param userUtilization    utilization the user gave (relative to the peak of {@code precision}), or null for the profile
 * @param count              accelerators, or null
 * @param deadlineDays       deadline, or null
 * @param tokensPerDay       serving load, 0 for none
 * @param maxAccelerators    the largest cluster a deadline may ask for
 */
public record ScenarioInput(TrainingWorkload workload, boolean moe, ModelShape shape, AcceleratorSpec spec, String precision,
        double peakFlops, Double userUtilization, Integer count, Double deadlineDays, double tokensPerDay, double pue,
        double carbonIntensity, int maxAccelerators) {
}
