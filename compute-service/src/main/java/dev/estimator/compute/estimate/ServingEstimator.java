package dev.estimator.compute.estimate;

/**
 * Serving (docs/method/compute.md, Serving). Decoding one token costs 2·N_active FLOPs plus attention over the cached context,
 * 2·L·n_ctx·d (Kaplan et al. 2020, Table 1). Each generated token of each sequence keeps
 * 2·L·kvHeads·headDim·bytes of KV cache. A decode step of a batch reads all weights once and every
 * sequence's cache, so throughput is the lesser of the compute bound and the memory-bandwidth bound
 * (the roofline argument of Pope et al. 2022, "Efficiently Scaling Transformer Inference").
 */
public final class ServingEstimator {

    /** Share of peak FLOP/s reached by batched decode GEMMs. */
    public static final double COMPUTE_EFFICIENCY = 0.5;
    /** Share of peak HBM bandwidth reached by decode kernels (typically 70-80% in vLLM/TensorRT-LLM). */
    public static final double BANDWIDTH_EFFICIENCY = 0.7;
    /** Weights may take at most this share of a replica's memory; the rest holds the KV cache. */
    public static final double MAX_WEIGHT_SHARE = 0.6;
    /** Largest batch a serving replica runs (latency limits batching in practice). */
    public static final int MAX_BATCH = 256;

    private ServingEstimator() {
    }

    public record ServingEstimate(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
            int acceleratorsPerReplica, int batchSize, Integer accelerators) {
    }

    public static double bytesPerValue(String precision) {
        if (precision == null) {
            return 2;
        }
        return switch (precision.toLowerCase()) {
            case "fp8", "int8" -> 1;
            case "fp32", "tf32" -> 4;
            default -> 2;
        };
    }

    /**
     * @param tokensPerDay load to serve, 0 for none (then {@code accelerators} is null)
     */
    public static ServingEstimate estimate(double activeParameters, double totalParameters, ModelShape shape, String precision,
            double peakFlops, double memoryGb, double bandwidthTbps, double tokensPerDay) {
        double bytes = bytesPerValue(precision);
        double averageContext = shape.contextLength() / 2.0;
        double flopsPerToken = 2.0 * activeParameters + 2.0 * shape.layers() * averageContext * shape.hiddenSize();
        double kvPerToken = 2.0 * shape.layers() * shape.kvHeads() * shape.headDim() * bytes;
        double weightBytes = totalParameters * bytes;
        double memoryBytes = memoryGb * 1e9;
        int replica = memoryBytes > 0 ? (int) Math.max(1, Math.ceil(weightBytes / (memoryBytes * MAX_WEIGHT_SHARE))) : 1;
        double cacheBytes = replica * memoryBytes * MemoryEstimator.USABLE_MEMORY_FRACTION - weightBytes;
        double perSequence = averageContext * kvPerToken;
        int batch = (int) Math.max(1, Math.min(MAX_BATCH, Math.floor(cacheBytes / perSequence)));
        double computeSeconds = batch * flopsPerToken / (replica * peakFlops * COMPUTE_EFFICIENCY);
        double bandwidth = bandwidthTbps > 0 ? replica * bandwidthTbps * 1e12 * BANDWIDTH_EFFICIENCY : Double.POSITIVE_INFINITY;
        double memorySeconds = (weightBytes + batch * perSequence) / bandwidth;
        double step = Math.max(computeSeconds, memorySeconds);
        double tokensPerSecondPerAccelerator = batch / step / replica;
        Integer accelerators = null;
        if (tokensPerDay > 0) {
            double perReplica = tokensPerSecondPerAccelerator * replica;
            long replicas = (long) Math.ceil(tokensPerDay / 86_400.0 / perReplica - 1e-9);
            accelerators = (int) Math.min(Integer.MAX_VALUE, Math.max(1, replicas) * (long) replica);
        }
        return new ServingEstimate(flopsPerToken, kvPerToken, tokensPerSecondPerAccelerator, replica, batch, accelerators);
    }
}
