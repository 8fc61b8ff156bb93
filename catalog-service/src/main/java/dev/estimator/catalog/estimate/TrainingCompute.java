package dev.estimator.catalog.estimate;

/** Which training compute figure to use for a catalog model in the history trend. */
public final class TrainingCompute {

    public static final double FLOP_PER_PF_DAY = 8.64e19;

    private TrainingCompute() {
    }

    /**
     * The published FLOP figure when there is one (or published PF-days), else the 6·N·D
     * approximation (Kaplan et al. 2020) with N = activated parameters; null when N or D is unknown.
     */
    public static Double trainingFlops(Double publishedFlops, Double publishedPfDays, Double parameters,
            Double activeParameters, Double tokens) {
        if (publishedFlops != null) {
            return publishedFlops;
        }
        if (publishedPfDays != null) {
            return publishedPfDays * FLOP_PER_PF_DAY;
        }
        Double n = activeParameters != null ? activeParameters : parameters;
        if (n == null || tokens == null) {
            return null;
        }
        return 6 * n * tokens;
    }
}
