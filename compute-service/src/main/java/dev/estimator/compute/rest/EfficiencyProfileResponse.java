package dev.estimator.compute.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.compute.repository.EfficiencyProfileEntity;

/**
 * One family's profile. Utilizations are shares of the 16-bit dense peak: {@code reference} at reference conditions
 * (70B dense, no failures), {@code default} at the default cluster of 2,048 accelerators, {@code low}/{@code high} the
 * p10/p90 band; the multipliers turn an estimate's accelerator-hours into its p10/p90; {@code calibrationRuns} is the
 * comma-separated ids of the published runs behind the value (docs/method/compute.md, Efficiency profiles).
 */
@Schema(name = "EfficiencyProfile", description = "Effective utilization of an accelerator family (volta, ampere, hopper, "
        + "blackwell, amd-cdna3, ascend, tpu, other) and where it comes from (docs/method/compute.md, Efficiency profiles)")
public record EfficiencyProfileResponse(String family, double referenceUtilization, double defaultUtilization,
        double lowUtilization, double highUtilization, double gpuHoursP10Multiplier, double gpuHoursP90Multiplier,
        String derivation, String bandSource, String calibrationRuns) {

    static EfficiencyProfileResponse of(EfficiencyProfileEntity e) {
        return new EfficiencyProfileResponse(e.family, e.referenceUtilization, e.defaultUtilization, e.lowUtilization,
                e.highUtilization, e.gpuHoursP10Multiplier, e.gpuHoursP90Multiplier, e.derivation, e.bandSource, e.calibrationRuns);
    }
}
