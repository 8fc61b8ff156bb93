package dev.estimator.compute.estimate;

/**
 * Training compute for a dense (or MoE, via active parameters) language model, DESIGN 6.1-6.2.
 * Framework-free so it can be unit-tested and benchmarked on its own.
 */
public final class TrainingComputeCalculator {

    /** 1 PF-day = 1e15 FLOP/s x 86,400 s (the GPT-3 paper's unit). */
    public static final double FLOP_PER_PF_DAY = 1e15 * 86_400;

    private TrainingComputeCalculator() {
    }

    /**
     * Training FLOPs of one trainable component: 6·N·D (Kaplan et al. 2020; the GPT-3 paper's Table D.1
     * uses the same convention and ignores attention).
     *
     * @param activeParameters parameters activated per token (MoE: active, not total)
     * @param tokens           tokens seen per epoch
     * @param epochs           passes over the tokens
     */
    public static double trainingFlops(double activeParameters, double tokens, double epochs) {
        return 6.0 * activeParameters * tokens * epochs;
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
        return (int) Math.ceil(acceleratorHours / (24.0 * deadlineDays));
    }
}
