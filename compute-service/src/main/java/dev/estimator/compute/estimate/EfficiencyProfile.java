package dev.estimator.compute.estimate;

import java.util.List;

/**
 * Effective model FLOPs utilization of an accelerator family (share of the 16-bit dense peak that ends up
 * as useful training FLOPs over the whole run, restarts and overheads included) at the reference conditions of
 * {@link EfficiencyModel} (width 8,192, sequence 4,096, 32 accelerators per billion parameters, dense, 16-bit,
 * hours with restarts). {@link EfficiencyModel} moves it to a scenario.
 *
 * @param referenceUtilization utilization at reference conditions
 * @param lowUtilization       p10 of utilization (slow runs) -> p90 of accelerator-hours
 * @param highUtilization      p90 of utilization (fast runs) -> p10 of accelerator-hours
 * @param derivation           how the value was obtained
 * @param calibrationRuns      ids of the published runs it was derived from (empty for a literature prior)
 */
public record EfficiencyProfile(AcceleratorFamily family, double referenceUtilization, double lowUtilization,
        double highUtilization, String derivation, String bandSource, List<String> calibrationRuns) {

    public EfficiencyProfile {
        calibrationRuns = calibrationRuns == null ? List.of() : List.copyOf(calibrationRuns);
    }

    /** Effective utilization of a scenario that gives nothing beyond the family (the reference conditions), for display. */
    public double defaultUtilization() {
        return referenceUtilization;
    }

    /** Multiplier on accelerator-hours at p10 (the fast end). */
    public double hoursP10Multiplier() {
        return referenceUtilization / highUtilization;
    }

    /** Multiplier on accelerator-hours at p90 (the slow end). */
    public double hoursP90Multiplier() {
        return referenceUtilization / lowUtilization;
    }
}
