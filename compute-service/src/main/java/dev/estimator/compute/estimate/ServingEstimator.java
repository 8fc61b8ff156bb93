package dev.estimator.compute.estimate;

import java.util.Locale;

/**
 * Serving (docs/method/compute.md, Serving): prefill and decode on a roofline (Williams et al. 2009; for transformer
 * inference, Pope et al. 2022, "Efficiently Scaling Transformer Inference", sections 2-3).
 * <ul>
 * <li>Prefill processes the whole prompt at once, so it is compute-bound: 2·N_active FLOPs per prompt token plus causal
 * attention, 2·L·d_attn·P² for a prompt of P tokens (4·L·d_attn·c per token at context c, PaLM, Chowdhery et al. 2022,
 * appendix B, counting both QK<sup>T</sup> and the weighted sum of V, halved by the causal mask); a VLM's images add their
 * tokens to the prompt and their encoder's 2·N_encoder FLOPs per image token. TTFT is that time on the replica (or
 * the time to read the weights once, if longer).</li>
 * <li>Decode generates one token per sequence per step: a step reads the weights once for the whole batch and each
 * sequence's KV cache, so it is bandwidth-bound until the batch is large; TPOT is the slower of compute and memory
 * for the step (Pope et al. 2022, section 3.1). An MoE step reads at most the experts its batch routes to, bounded by
 * batch × active parameters and by all of them.</li>
 * <li>KV cache per token by attention variant ({@link Attention}).</li>
 * <li>A replica is the smallest power-of-two group of accelerators whose memory holds the weights within
 * {@link #MAX_WEIGHT_SHARE} (tensor parallel, Shoeybi et al. 2019; weights, FLOPs and bandwidth split evenly); larger
 * groups are tried, doubling, only when a latency target needs them: their all-reduces (not modelled) cost more as the
 * group grows, so serving stacks use the smallest group that fits (Pope et al. 2022, section 3.2). The batch is the
 * largest that fits the KV cache of full-length sequences, {@link #MAX_BATCH}, and maxTpotMs.</li>
 * <li>Throughput counts generated tokens: a replica's accelerators also prefill each request, so B sequences of O
 * tokens take B·prefill + O·TPOT.</li>
 * </ul>
 * Not modelled (so the figures are optimistic): tensor-parallel all-reduce time, queueing, speculative decoding,
 * prefix caching, and per-group quantization scales.
 */
public final class ServingEstimator {

    /** Share of peak FLOP/s reached by serving GEMMs (prefill and batched decode). */
    public static final double COMPUTE_EFFICIENCY = 0.5;
    /** Share of peak HBM bandwidth reached by decode kernels (typically 70-80% in vLLM/TensorRT-LLM). */
    public static final double BANDWIDTH_EFFICIENCY = 0.7;
    /** Weights may take at most this share of a replica's memory; the rest holds the KV cache. */
    public static final double MAX_WEIGHT_SHARE = 0.6;
    /** Largest batch a serving replica runs (latency limits batching in practice). */
    public static final int MAX_BATCH = 256;
    /** Largest model-parallel group tried (a few nodes of 8). */
    public static final int MAX_GROUP = 256;
    /** Prompt tokens per request when the request leaves them out: a chat turn with some history. */
    public static final double DEFAULT_PROMPT_TOKENS = 1024;
    /** Generated tokens per request when the request leaves them out. */
    public static final double DEFAULT_OUTPUT_TOKENS = 256;

    private ServingEstimator() {
    }

    /**
     * @param accelerator               id of the serving accelerator
     * @param kvCacheBytesPerToken      KV cache per token of context at the KV precision
     * @param ttftMs                    time to first token: the prefill of one request on a replica
     * @param tpotMs                    time per output token: one decode step at {@code batchSize}
     * @param tokensPerSecondPerAccelerator generated tokens per second per accelerator, prefill time included
     * @param acceleratorsPerReplica    tensor-parallel group holding one copy of the weights
     * @param accelerators              for the load, null without tokensPerDay or requestsPerSecond
     * @param violation                 a latency target no group meets, or a context that does not fit, else null
     */
    public record ServingEstimate(double flopsPerToken, double kvCacheBytesPerToken, double tokensPerSecondPerAccelerator,
            int acceleratorsPerReplica, int batchSize, Integer accelerators, String accelerator, String attention,
            String precision, String kvCachePrecision, double promptTokens, double outputTokens, double prefillFlops,
            double ttftMs, double tpotMs, FieldViolation violation) {
    }

    /**
     * What is served and against which targets.
     *
     * @param spec                  the serving accelerator
     * @param precision             weights: bf16, fp16, fp8 or int4 (int4 computes in 16 bits: weight-only quantization)
     * @param kvCachePrecision      bf16, fp16 or fp8
     * @param imageTokens           image (or video/audio) tokens per request added to the prompt
     * @param encoderParameters     parameters of the encoders that make those tokens (they do not decode)
     * @param encoderTokens         tokens the encoders process per request (2·N_encoder FLOPs each)
     * @param maxTtftMs             target, or null
     * @param maxTpotMs             target, or null
     * @param tokensPerDay          generated tokens per day to serve, 0 for none
     */
    public record Request(AcceleratorSpec spec, String precision, String kvCachePrecision, double promptTokens,
            double outputTokens, double imageTokens, double encoderParameters, double encoderTokens, Double maxTtftMs,
            Double maxTpotMs, double tokensPerDay) {

        public Request {
            precision = precision == null ? "bf16" : precision.toLowerCase(Locale.ROOT);
            kvCachePrecision = kvCachePrecision == null ? "bf16" : kvCachePrecision.toLowerCase(Locale.ROOT);
            promptTokens = promptTokens > 0 ? promptTokens : DEFAULT_PROMPT_TOKENS;
            outputTokens = outputTokens > 0 ? outputTokens : DEFAULT_OUTPUT_TOKENS;
        }

        /** Text-only, default request lengths, no targets. */
        public static Request of(AcceleratorSpec spec, String precision, double tokensPerDay) {
            return new Request(spec, precision, null, 0, 0, 0, 0, 0, null, null, tokensPerDay);
        }
    }

    public static double bytesPerValue(String precision) {
        if (precision == null) {
            return 2;
        }
        return switch (precision.toLowerCase(Locale.ROOT)) {
            case "fp8", "int8" -> 1;
            case "int4", "fp4" -> 0.5;
            case "fp32", "tf32" -> 4;
            default -> 2;
        };
    }

    /**
     * The peak the serving GEMMs run at: fp8 weights on fp8 tensor cores where the accelerator has them; int4 and the
     * 16-bit formats at the 16-bit peak (int4 weights are dequantized to 16 bits: W4A16).
     */
    static double servingPeak(AcceleratorSpec spec, String precision) {
        double p16 = spec.peak16();
        if (("fp8".equals(precision) || "int8".equals(precision)) && spec.peak(precision) > 0) {
            return spec.peak(precision);
        }
        return p16 > 0 ? p16 : spec.peakFlopsByPrecision().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public static ServingEstimate estimate(double activeParameters, double totalParameters, ModelShape shape,
            Attention attention, Request r) {
        AcceleratorSpec spec = r.spec();
        double kvPerToken = attention.kvBytesPerToken(shape.layers(), bytesPerValue(r.kvCachePrecision()));
        double weightBytes = totalParameters * bytesPerValue(r.precision());
        double lmActive = Math.max(1, activeParameters - r.encoderParameters());
        double activeBytes = lmActive * bytesPerValue(r.precision());
        // Attention width on the query side: heads × head dimension (hidden size for the usual shapes).
        double dAttn = shape.heads() * attention.headDim();
        double prompt = r.promptTokens() + r.imageTokens();
        double output = r.outputTokens();
        double context = prompt + output;
        double meanContext = prompt + output / 2.0;
        double flopsPerToken = 2.0 * lmActive + 4.0 * shape.layers() * meanContext * dAttn;
        double prefillFlops = 2.0 * lmActive * prompt + 2.0 * shape.layers() * dAttn * prompt * prompt
                + 2.0 * r.encoderParameters() * r.encoderTokens();

        double peak = servingPeak(spec, r.precision()) * COMPUTE_EFFICIENCY;
        double bandwidth = spec.bandwidthTbps() > 0 ? spec.bandwidthTbps() * 1e12 * BANDWIDTH_EFFICIENCY
                : Double.POSITIVE_INFINITY;
        double memoryBytes = spec.memoryGb() * 1e9;
        int group = 1;
        while (memoryBytes > 0 && weightBytes > MAX_WEIGHT_SHARE * memoryBytes * group && group < MAX_GROUP) {
            group *= 2;
        }

        Choice best = null;
        Choice fallback = null; // the largest group at batch 1, reported when no group meets the targets
        double minTtft = Double.POSITIVE_INFINITY;
        double minTpot = Double.POSITIVE_INFINITY;
        for (int g = group; g <= MAX_GROUP; g *= 2) {
            double cache = memoryBytes > 0 ? g * memoryBytes * MemoryEstimator.USABLE_MEMORY_FRACTION - weightBytes
                    : Double.POSITIVE_INFINITY;
            int batchByMemory = (int) Math.min(MAX_BATCH, Math.floor(cache / (context * kvPerToken)));
            if (batchByMemory < 1) {
                continue;
            }
            double prefillCompute = prefillFlops / (g * peak);
            double ttft = Math.max(prefillCompute, weightBytes / (g * bandwidth)) * 1000;
            int batch = batchByMemory;
            double tpot = decodeStepMs(batch, g, flopsPerToken, activeBytes, weightBytes, meanContext, kvPerToken, peak,
                    bandwidth);
            if (r.maxTpotMs() != null) {
                while (batch > 1 && tpot > r.maxTpotMs()) {
                    batch--;
                    tpot = decodeStepMs(batch, g, flopsPerToken, activeBytes, weightBytes, meanContext, kvPerToken, peak,
                            bandwidth);
                }
            }
            Choice c = new Choice(g, batch, ttft, tpot, perAccelerator(batch, g, output, prefillCompute, tpot));
            minTtft = Math.min(minTtft, ttft);
            minTpot = Math.min(minTpot, tpot);
            boolean meets = (r.maxTtftMs() == null || ttft <= r.maxTtftMs()) && (r.maxTpotMs() == null || tpot <= r.maxTpotMs());
            if (meets) {
                best = c;
                break;
            }
            if (!meets) {
                double tpot1 = decodeStepMs(1, g, flopsPerToken, activeBytes, weightBytes, meanContext, kvPerToken, peak,
                        bandwidth);
                fallback = new Choice(g, 1, ttft, tpot1, perAccelerator(1, g, output, prefillCompute, tpot1));
            }
        }

        FieldViolation violation = null;
        if (best == null) {
            if (fallback == null) {
                // Not even one sequence fits next to the weights on the largest group: its roofline at batch 1 is
                // reported, and refused only when a load asks for serving (a training scenario is not refused for it).
                boolean weightsAlone = weightBytes > MAX_GROUP * memoryBytes * MemoryEstimator.USABLE_MEMORY_FRACTION;
                if (r.tokensPerDay() > 0 && weightsAlone) {
                    violation = new FieldViolation("serving.accelerator", String.format(Locale.ROOT,
                            "%.0f GB of weights do not fit on %d %s", weightBytes / 1e9, MAX_GROUP, spec.id()));
                } else if (r.tokensPerDay() > 0) {
                    violation = new FieldViolation("serving.promptTokens", String.format(Locale.ROOT,
                            "A request of %.0f tokens (%.0f KB of KV cache) does not fit next to the weights on %d %s",
                            context, context * kvPerToken / 1e3, MAX_GROUP, spec.id()));
                }
                double prefillCompute = prefillFlops / (MAX_GROUP * peak);
                double tpot1 = decodeStepMs(1, MAX_GROUP, flopsPerToken, activeBytes, weightBytes, meanContext, kvPerToken,
                        peak, bandwidth);
                best = new Choice(MAX_GROUP, 1, Math.max(prefillCompute, weightBytes / (MAX_GROUP * bandwidth)) * 1000, tpot1,
                        perAccelerator(1, MAX_GROUP, output, prefillCompute, tpot1));
            } else {
                violation = r.maxTtftMs() != null && minTtft > r.maxTtftMs()
                        ? new FieldViolation("serving.maxTtftMs", String.format(Locale.ROOT,
                                "No tensor-parallel group of up to %d %s prefills %.0f prompt tokens within %.0f ms: the "
                                        + "fastest takes %.0f ms", MAX_GROUP, spec.id(), prompt, r.maxTtftMs(), minTtft))
                        : new FieldViolation("serving.maxTpotMs", String.format(Locale.ROOT,
                                "No tensor-parallel group of up to %d %s decodes within %.1f ms per token: the fastest "
                                        + "takes %.1f ms", MAX_GROUP, spec.id(), r.maxTpotMs(), minTpot));
                best = fallback;
            }
        }

        Integer accelerators = null;
        if (r.tokensPerDay() > 0 && best.perAccelerator > 0) {
            double perReplica = best.perAccelerator * best.group;
            long replicas = (long) Math.ceil(r.tokensPerDay() / 86_400.0 / perReplica - 1e-9);
            accelerators = (int) Math.min(Integer.MAX_VALUE, Math.max(1, replicas) * (long) best.group);
        }
        return new ServingEstimate(flopsPerToken, kvPerToken, best.perAccelerator, best.group, best.batch, accelerators,
                spec.id(), attention.variant(), r.precision(), r.kvCachePrecision(), r.promptTokens(), output, prefillFlops,
                best.ttftMs, best.tpotMs, violation);
    }

    /**
     * One decode step of {@code batch} sequences on a group of {@code g}: the slower of its FLOPs and its bytes (the
     * weights the batch routes to, read once, and each sequence's KV cache at the mean context).
     */
    static double decodeStepMs(int batch, int g, double flopsPerToken, double activeBytes, double weightBytes,
            double meanContext, double kvPerToken, double peak, double bandwidth) {
        double compute = batch * flopsPerToken / (g * peak);
        double weightsRead = Math.min(weightBytes, batch * activeBytes);
        double memory = (weightsRead + batch * meanContext * kvPerToken) / (g * bandwidth);
        return Math.max(compute, memory) * 1000;
    }

    /** Generated tokens per second per accelerator: B sequences of O tokens take B prefills and O decode steps. */
    private static double perAccelerator(int batch, int g, double output, double prefillSeconds, double tpotMs) {
        return batch * output / (batch * prefillSeconds + output * tpotMs / 1000) / g;
    }

    private record Choice(int group, int batch, double ttftMs, double tpotMs, double perAccelerator) {
    }

    /**
     * The same roofline at a given group and batch (no memory check, no targets): what a published configuration
     * (vendor or MLPerf, with its own TP and batch) should reach by this method, for docs/reference/serving.md.
     */
    public static ServingEstimate at(double activeParameters, double totalParameters, ModelShape shape, Attention attention,
            Request r, int group, int batch) {
        AcceleratorSpec spec = r.spec();
        double kvPerToken = attention.kvBytesPerToken(shape.layers(), bytesPerValue(r.kvCachePrecision()));
        double weightBytes = totalParameters * bytesPerValue(r.precision());
        double lmActive = Math.max(1, activeParameters - r.encoderParameters());
        double dAttn = shape.heads() * attention.headDim();
        double prompt = r.promptTokens() + r.imageTokens();
        double meanContext = prompt + r.outputTokens() / 2.0;
        double flopsPerToken = 2.0 * lmActive + 4.0 * shape.layers() * meanContext * dAttn;
        double prefillFlops = 2.0 * lmActive * prompt + 2.0 * shape.layers() * dAttn * prompt * prompt
                + 2.0 * r.encoderParameters() * r.encoderTokens();
        double peak = servingPeak(spec, r.precision()) * COMPUTE_EFFICIENCY;
        double bandwidth = spec.bandwidthTbps() * 1e12 * BANDWIDTH_EFFICIENCY;
        double prefillCompute = prefillFlops / (group * peak);
        double ttft = Math.max(prefillCompute, weightBytes / (group * bandwidth)) * 1000;
        double tpot = decodeStepMs(batch, group, flopsPerToken, lmActive * bytesPerValue(r.precision()), weightBytes,
                meanContext, kvPerToken, peak, bandwidth);
        return new ServingEstimate(flopsPerToken, kvPerToken, perAccelerator(batch, group, r.outputTokens(), prefillCompute, tpot),
                group, batch, null, spec.id(), attention.variant(), r.precision(), r.kvCachePrecision(), r.promptTokens(),
                r.outputTokens(), prefillFlops, ttft, tpot, null);
    }

    /** The former entry point (text, default request lengths, no targets), kept for callers that know only these. */
    public static ServingEstimate estimate(double activeParameters, double totalParameters, ModelShape shape, String precision,
            double peakFlops, double memoryGb, double bandwidthTbps, double tokensPerDay) {
        String p = precision == null ? "bf16" : precision.toLowerCase(Locale.ROOT);
        AcceleratorSpec spec = new AcceleratorSpec("accelerator", java.util.Map.of("fp8".equals(p) ? "fp8" : "bf16", peakFlops),
                memoryGb, bandwidthTbps, 0);
        return estimate(activeParameters, totalParameters, shape, Attention.of(null, shape, null, null, null),
                Request.of(spec, p, tokensPerDay));
    }
}
