package dev.estimator.cost.estimate;

/**
 * Spread of the Monte Carlo range.
 *
 * @param samples             draws per estimate (at least 1,000)
 * @param defaultGpuHourSigma log-normal sigma of accelerator-hours when the compute block has no band
 * @param priceSigma          log-normal sigma of the price actually paid around the list price
 * @param overheadSpread      relative half-width of the uniform spread of the experiment multiplier and of
 *                            ownership operations
 */
public record UncertaintyParameters(int samples, double defaultGpuHourSigma, double priceSigma, double overheadSpread) {

    public UncertaintyParameters {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1");
        }
        if (defaultGpuHourSigma < 0 || priceSigma < 0 || overheadSpread < 0 || overheadSpread >= 1) {
            throw new IllegalArgumentException("spreads out of range");
        }
    }
}
