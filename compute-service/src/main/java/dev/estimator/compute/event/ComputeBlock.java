package dev.estimator.compute.event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The {@code compute} block of scenarios.computed and of the final estimate (docs/events.md). */
@Schema(name = "ComputeBlock", description = "Training compute, time, memory, energy and serving of one scenario (docs/method/compute.md)")
public record ComputeBlock(
        @Schema(description = "Training FLOPs") double trainingFlops,
        @Schema(description = "Training compute in PF-days (1 PF-day = 8.64e19 FLOP)") double pfDays,
        @Schema(description = "Share of the training precision's dense peak") double utilization,
        @Schema(description = "user, or profile:<family>") String utilizationSource,
        @Schema(description = "Accelerator-hours") double gpuHours,
        Range gpuHoursRange,
        @Schema(description = "Accelerators: hardware.count, or those a deadline needs") Integer gpuCount,
        Double wallClockDays,
        Memory memory,
        double energyMwh,
        double co2Tonnes,
        double pue,
        @Schema(description = "Grid carbon intensity, tCO2e/MWh") double carbonIntensity,
        Serving serving) {

    @Schema(name = "GpuHoursRange", description = "p10 and p90 of accelerator-hours, from the family's utilization band")
    public record Range(double p10, double p90) {
    }

    @Schema(name = "TrainingMemory", description = "Mixed-precision Adam with ZeRO-3 sharding")
    public record Memory(double weightsGb, double gradientsGb, double optimizerGb, double activationsGb, int minAccelerators) {
    }

    @Schema(name = "ServingCapacity")
    public record Serving(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
            @Schema(description = "Accelerators for serving.tokensPerDay; null when none is given") Integer accelerators) {
    }
}
