package dev.estimator.compute.estimate;

import java.util.List;

/** The compute estimate of a scenario; {@code violations} non-empty means the scenario is impossible. */
public record ComputeResult(double trainingFlops, double pfDays, double utilization, String utilizationSource,
        double gpuHours, double gpuHoursP10, double gpuHoursP90, Integer gpuCount, Double wallClockDays,
        MemoryEstimator.MemoryBreakdown memory, double energyMwh, double co2Tonnes, double pue, double carbonIntensity,
        ServingEstimator.ServingEstimate serving, List<FieldViolation> violations, List<StageResult> stages) {

    /** One training stage: its FLOPs and the time they take at the scenario's sustained rate. */
    public record StageResult(String name, double trainingFlops, double pfDays, double gpuHours, Double wallClockDays) {
    }

    public boolean possible() {
        return violations.isEmpty();
    }
}
