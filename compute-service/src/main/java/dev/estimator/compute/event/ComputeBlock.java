package dev.estimator.compute.event;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code compute} block of scenarios.computed and of the final estimate. Every field is explained in
 * docs/events.md (scenarios.computed) and how it is computed in docs/method/compute.md.
 */
@Schema(name = "ComputeBlock", description = "Training compute, time, memory, energy and serving of one scenario "
        + "(docs/events.md, scenarios.computed): FLOPs, PF-days, utilization of the training precision's dense peak and its "
        + "source (user or profile:<family>), accelerator-hours with their p10-p90 range, accelerators (hardware.count or "
        + "those a deadline needs) and days, ZeRO-3 memory, energy (MWh), CO2 (t), PUE, grid intensity (t/MWh), serving")
public record ComputeBlock(double trainingFlops, double pfDays, double utilization, String utilizationSource, double gpuHours,
        Range gpuHoursRange, Integer gpuCount, Double wallClockDays, Memory memory, double energyMwh, double co2Tonnes,
        double pue, double carbonIntensity, Serving serving,
        @Schema(description = "Each training stage in order (one, named training, without training.stages); the totals "
                + "above are their sums") List<Stage> stages) {

    @Schema(name = "ComputeStage", description = "One training stage: FLOPs, PF-days, accelerator-hours at the scenario's "
            + "utilization, and days on the scenario's accelerators (null without a count or deadline)")
    public record Stage(String name, double trainingFlops, double pfDays, double gpuHours, Double wallClockDays) {
    }

    @Schema(name = "GpuHoursRange", description = "p10 and p90 of accelerator-hours, from the family's utilization band")
    public record Range(double p10, double p90) {
    }

    @Schema(name = "TrainingMemory", description = "Mixed-precision Adam, states sharded with ZeRO-3")
    public record Memory(double weightsGb, double gradientsGb, double optimizerGb, double activationsGb, int minAccelerators) {
    }

    @Schema(name = "ServingCapacity", description = "accelerators is null when serving.tokensPerDay is not given")
    public record Serving(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
            Integer accelerators) {
    }
}
