package dev.estimator.compute.estimate;

/**
 * Training memory (docs/method/compute.md, Memory). Mixed-precision Adam (Rajbhandari et al. 2020, ZeRO, section 3.1): 2 bytes
 * of 16-bit weights per parameter, 2 of gradients and 12 of optimizer state (fp32 master weights, momentum,
 * variance) per trainable parameter. ZeRO-3/FSDP shards all three over the data-parallel ranks.
 * Activations per layer per sequence without recomputation: s·b·h·(34 + 5·a·s/h) bytes (Korthikanti et
 * al. 2022, eq. 1), micro-batch b = 1.
 */
public final class MemoryEstimator {

    /** Share of an accelerator's memory usable for the model: the rest goes to the framework, buffers, fragmentation. */
    public static final double USABLE_MEMORY_FRACTION = 0.9;
    private static final double GB = 1e9;

    private MemoryEstimator() {
    }

    public record MemoryBreakdown(double weightsGb, double gradientsGb, double optimizerGb, double activationsGb,
            int minAccelerators) {
    }

    /**
     * @param trainableParameters parameters with gradients and optimizer state (frozen components excluded)
     * @param memoryGb            memory per accelerator
     */
    public static MemoryBreakdown training(double totalParameters, double trainableParameters, ModelShape shape,
            double memoryGb) {
        double weights = 2.0 * totalParameters / GB;
        double gradients = 2.0 * trainableParameters / GB;
        double optimizer = 12.0 * trainableParameters / GB;
        double activations = activationBytesPerSequence(shape) / GB;
        // Lower bound: states sharded by ZeRO-3, one sequence's activations split by tensor/sequence parallelism.
        double needed = weights + gradients + optimizer + activations;
        int min = memoryGb > 0 ? (int) Math.max(1, Math.ceil(needed / (memoryGb * USABLE_MEMORY_FRACTION) - 1e-9)) : 1;
        return new MemoryBreakdown(weights, gradients, optimizer, activations, min);
    }

    /**
     * Korthikanti et al. 2022, eq. 1, times the layers: L·s·h·(34 + 5·a·s/h) bytes for one sequence. The sequence is the
     * pre-training one, at most {@link EfficiencyModel#MAX_SEQUENCE}: a catalog's context length is often the final,
     * extended one (DeepSeek-V3 and Llama 3.1: 128K, pre-trained at 4K and 8K, extended in short stages with context
     * parallelism), and at 128K the s² term alone asked for 9,492 H800s for a model DeepSeek trained on 2,048.
     */
    public static double activationBytesPerSequence(ModelShape shape) {
        double s = Math.min(shape.contextLength(), EfficiencyModel.MAX_SEQUENCE);
        double h = shape.hiddenSize();
        double a = shape.heads();
        return shape.layers() * s * h * (34.0 + 5.0 * a * s / h);
    }
}
