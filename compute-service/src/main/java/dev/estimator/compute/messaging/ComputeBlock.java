package dev.estimator.compute.messaging;

/** The {@code compute} block of scenarios.computed and of the final estimate (DESIGN 5.3, docs/events.md). */
public record ComputeBlock(
        double trainingFlops,
        double pfDays,
        double utilization,
        String utilizationSource,
        double gpuHours,
        Range gpuHoursRange,
        Integer gpuCount,
        Double wallClockDays,
        Memory memory,
        double energyMwh,
        double co2Tonnes,
        double pue,
        double carbonIntensity,
        Serving serving) {

    public record Range(double p10, double p90) {
    }

    public record Memory(double weightsGb, double gradientsGb, double optimizerGb, double activationsGb, int minAccelerators) {
    }

    public record Serving(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
            Integer accelerators) {
    }
}
