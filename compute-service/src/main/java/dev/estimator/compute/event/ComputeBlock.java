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

    @Schema(name = "ServingCapacity", description = "Serving on serving.accelerator (else the training one): prefill "
            + "compute-bound, decode bandwidth-bound (docs/method/compute.md, Serving). accelerators is null when neither "
            + "serving.tokensPerDay nor serving.requestsPerSecond is given")
    public record Serving(
            @Schema(description = "Decode FLOPs per generated token at the mean context") double flopsPerToken,
            @Schema(description = "KV cache per token of context at the KV precision, bytes") double kvCacheBytesPerToken,
            @Schema(description = "Generated tokens per second per accelerator at the chosen batch, prefill included")
            double tokensPerSecondPerAccelerator,
            @Schema(description = "Accelerators for the load (whole replicas)") Integer accelerators,
            @Schema(description = "Serving accelerator id") String accelerator,
            @Schema(description = "mha, gqa, mqa or mla") String attention,
            @Schema(description = "Weight precision") String precision,
            @Schema(description = "KV cache precision") String kvCachePrecision,
            @Schema(description = "Accelerators holding one copy of the weights (tensor parallel)") Integer acceleratorsPerReplica,
            @Schema(description = "Sequences decoded together") Integer batchSize,
            @Schema(description = "Time to first token: one request's prefill, ms") Double ttftMs,
            @Schema(description = "Time per output token at batchSize, ms") Double tpotMs) {

        public Serving(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
                Integer accelerators) {
            this(flopsPerToken, kvCacheBytesPerToken, tokensPerSecondPerAccelerator, accelerators, null, null, null, null, null,
                    null, null, null);
        }
    }
}
