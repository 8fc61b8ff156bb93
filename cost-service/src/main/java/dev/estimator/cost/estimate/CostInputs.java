package dev.estimator.cost.estimate;

/**
 * What one cost estimate needs, in USD. Money the user gives in another currency is converted before it
 * gets here.
 *
 * @param gpuHours              accelerator-hours of the final training run (compute block)
 * @param gpuHoursP10           low end of the compute block's band, or NaN when absent
 * @param gpuHoursP90           high end of the compute block's band, or NaN when absent
 * @param pricePerGpuHourUsd    rental price of one accelerator-hour (chosen provider and pricing model)
 * @param unitPriceUsd          purchase price of one accelerator, or NaN when unknown (no ownership estimate)
 * @param tdpWatts              accelerator TDP, or NaN when unknown
 * @param energyMwh             the compute block's energy (TDP x PUE) used when the TDP is unknown, or NaN
 * @param electricityUsdPerKwh  electricity price of the region
 * @param servingAccelerators   accelerators serving the model (compute block), 0 when nothing is served
 * @param servingTokensPerDay   tokens served per day
 * @param servingMonths         serving horizon in months
 * @param experimentMultiplier  compute of experiments and failed runs per unit of final-run compute
 * @param dataCostUsd           data acquisition and labelling
 * @param staffCostUsd          staff over the programme (an amount; NaN when {@code staffShare} sets it)
 * @param staffShare            staff as a share of the development cost (final run, experiments, data), used when
 *                              {@code staffCostUsd} is NaN (a programme preset); 0 otherwise
 * @param trainingAccelerators  accelerators of the training cluster (compute block's gpuCount), NaN when unknown
 * @param trainingDays          wall-clock days of the final run, NaN when unknown
 */
public record CostInputs(
        double gpuHours,
        double gpuHoursP10,
        double gpuHoursP90,
        double pricePerGpuHourUsd,
        double unitPriceUsd,
        double tdpWatts,
        double energyMwh,
        double electricityUsdPerKwh,
        double servingAccelerators,
        double servingTokensPerDay,
        double servingMonths,
        double experimentMultiplier,
        double dataCostUsd,
        double staffCostUsd,
        double staffShare,
        double trainingAccelerators,
        double trainingDays) {

    /** Without a preset's staff share or the training cluster's size (no break-even month). */
    public CostInputs(double gpuHours, double gpuHoursP10, double gpuHoursP90, double pricePerGpuHourUsd,
            double unitPriceUsd, double tdpWatts, double energyMwh, double electricityUsdPerKwh,
            double servingAccelerators, double servingTokensPerDay, double servingMonths, double experimentMultiplier,
            double dataCostUsd, double staffCostUsd) {
        this(gpuHours, gpuHoursP10, gpuHoursP90, pricePerGpuHourUsd, unitPriceUsd, tdpWatts, energyMwh,
                electricityUsdPerKwh, servingAccelerators, servingTokensPerDay, servingMonths, experimentMultiplier,
                dataCostUsd, staffCostUsd, 0, Double.NaN, Double.NaN);
    }

    /** The staff amount: the given one, or the preset's share of the development cost. */
    public double staffUsd(double developmentUsd) {
        if (!Double.isNaN(staffCostUsd)) {
            return staffCostUsd;
        }
        return staffShare > 0 && staffShare < 1 ? developmentUsd * staffShare / (1 - staffShare) : 0;
    }
}
