package dev.estimator.compute.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.compute.repository.EfficiencyProfileEntity;

@Schema(name = "EfficiencyProfile", description = "Effective utilization of an accelerator family and where it comes from")
public record EfficiencyProfileResponse(
        @Schema(description = "volta, ampere, hopper, blackwell, amd-cdna3, ascend, tpu or other") String family,
        @Schema(description = "Share of the 16-bit dense peak at reference conditions (70B dense, no failures)") double referenceUtilization,
        @Schema(description = "At the default cluster size (2,048 accelerators)") double defaultUtilization,
        @Schema(description = "p10 of utilization") double lowUtilization,
        @Schema(description = "p90 of utilization") double highUtilization,
        @Schema(description = "Multiplier on accelerator-hours at p10") double gpuHoursP10Multiplier,
        @Schema(description = "Multiplier on accelerator-hours at p90") double gpuHoursP90Multiplier,
        String derivation,
        String bandSource,
        @Schema(description = "Comma-separated ids of the published runs behind the value") String calibrationRuns) {

    static EfficiencyProfileResponse of(EfficiencyProfileEntity e) {
        return new EfficiencyProfileResponse(e.family, e.referenceUtilization, e.defaultUtilization, e.lowUtilization,
                e.highUtilization, e.gpuHoursP10Multiplier, e.gpuHoursP90Multiplier, e.derivation, e.bandSource, e.calibrationRuns);
    }
}
