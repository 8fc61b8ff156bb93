package dev.estimator.compute.messaging;

/** The {@code compute} block of an estimate (DESIGN 5.3). */
public record ComputeBlock(
        double trainingFlops,
        double pfDays,
        double utilization,
        String utilizationSource,
        double gpuHours,
        Range gpuHoursRange,
        Integer gpuCount,
        Double wallClockDays) {

    public record Range(double p10, double p90) {
    }
}
