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
 * @param staffCostUsd          staff over the programme
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
        double staffCostUsd) {
}
