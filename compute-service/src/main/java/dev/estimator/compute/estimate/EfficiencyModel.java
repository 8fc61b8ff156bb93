package dev.estimator.compute.estimate;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The utilization model: effective utilization (useful training FLOPs over the whole run, relative to the 16-bit dense
 * peak) is log-linear in a few effects,
 *
 * <pre>
 *   ln u = a[family] + sum over effects e of  b[e] * x_e(conditions)
 * </pre>
 *
 * Each effect is a feature that is 0 at the reference conditions (a dense model of width 8,192 at sequence length
 * 4,096, 32 accelerators per billion parameters, 16-bit, hours that include restarts, the family's reference
 * interconnect), so {@code exp(a[family])} is the family's reference utilization. The coefficients are fitted by
 * {@link ProfileCalibration} (least squares on log-utilization with a Gaussian prior on each coefficient, the prior
 * mean being the sourced value below); none is set by hand. Which effects are used is decided by the leave-one-out
 * ablation of {@link Backtest}: an effect stays only if removing it makes the leave-one-out error worse
 * (docs/method/compute.md, Utilization model).
 */
public final class EfficiencyModel {

    private EfficiencyModel() {
    }

    /** One effect: its prior (mean and standard deviation of the coefficient) and where the prior comes from. */
    public enum Effect {
        /**
         * Sequence length against width: 6·N·D omits the attention score FLOPs, 12·L·d·s per token against 6·N = 72·L·d²,
         * i.e. a share s/(6d) of extra work (PaLM, Chowdhery et al. 2022, appendix B). Long sequences on narrow models
         * do work 6·N·D does not count, so their 6·N·D utilization is lower. x = ln((1 + s/6d) / (1 + 4096/(6·8192)));
         * prior coefficient -1 (pure accounting).
         */
        SEQUENCE(-1.0, 0.5),
        /**
         * Accelerators per model replica, against the cluster: a cluster narrow for its model (few accelerators per
         * billion active parameters) spends a larger share of them on model parallelism, with pipeline bubbles and
         * tensor-parallel exchanges that data parallelism does not have (Narayanan et al. 2021, sections 3.3-3.5).
         * x = ln(count / max(1, N/1e9) / 32), only below 0 (a broad cluster gains nothing: small models on many
         * accelerators are not faster per accelerator) and not below ln(2/32), the narrowest published run (BLOOM, 2.2);
         * 0 when the count is not known. Prior centred on 0: the data decide the slope.
         */
        BREADTH(0.0, 0.1),
        /**
         * Mixture of experts: all-to-all dispatch and small expert GEMMs. DeepSeek-V3 (section 3.2.1) reports a
         * computation to communication ratio of about 1:1 for cross-node expert parallelism. Prior ln 0.75.
         */
        MOE(Math.log(0.75), 0.3),
        /**
         * Precision: FP8 GEMMs over BF16. Only the GEMMs run in FP8 (DeepSeek-V3 section 3.3.1 keeps embedding, output
         * head, gating, normalization and attention in BF16/FP32); NVIDIA's Transformer Engine training benchmarks show
         * ~1.3x end to end on H100. Prior ln 1.3.
         */
        FP8(Math.log(1.3), 0.1),
        /**
         * Hours that exclude restarts (a throughput rate times the tokens, as LLaMA and DeepSeek publish) against hours
         * that include them (wall clock x accelerators). Llama 3 (Dubey et al. 2024, section 3.3.4): more than 90%
         * effective training time with 466 interruptions in 54 days. x = 1 when the hours exclude restarts; prior
         * ln(1/0.9). Scenarios estimate hours with restarts (what one pays for), x = 0.
         */
        RESTARTS(Math.log(1 / 0.9), 0.1),
        /**
         * Interconnect: the accelerator's FLOP/s per byte/s of scale-up link (NVLink, ...) against its family's
         * reference accelerator: x = ln((peak16 / interconnect) / reference), within [-2, 2]. Tensor- and
         * expert-parallel exchanges scale with the FLOPs they serve; with a share c of step time exposed as
         * communication at the reference (a judgment of about 10%: Megatron-LM keeps its tensor-parallel all-reduces
         * inside the NVLink domain because they are not hidden, Narayanan et al. 2021 section 3.2), the elasticity of utilization is -c/(1+c) = -0.09. This is how the H800 (NVLink
         * cut to 400 GB/s, ratio 2.25) loses and the H20 (compute cut to 148 TFLOP/s, full NVLink, ratio 0.15) gains
         * share of its own peak. Tight prior: the published runs have one interconnect variant (H800) only.
         */
        INTERCONNECT(-0.09, 0.03),
        /**
         * Model size: bigger GEMMs reach a higher share of peak. Narayanan et al. 2021 (Table 1): 44% at 1.7B, 52% at
         * 1T on A100: 0.026 per e-fold. x = ln(clamp(N, 1e9, 1e12) / 70e9). Tested; dropped by the ablation.
         */
        SIZE(0.026, 0.1),
        /**
         * Cluster size as failures: a constant failure rate per accelerator makes the lost share linear in the count;
         * Llama 3: ~10% at 16,384. x = count / 16,384 (2,048 when unknown). Tested; dropped by the ablation.
         */
        CLUSTER(Math.log(0.9), 0.1);

        public final double priorMean;
        public final double priorSd;

        Effect(double priorMean, double priorSd) {
            this.priorMean = priorMean;
            this.priorSd = priorSd;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The effects the estimator uses: each one's removal raises the leave-one-out median error (BacktestTest pins this).
     * SIZE and CLUSTER were tried and made it worse (Backtest's ablation reports both).
     */
    public static final Set<Effect> DEFAULT_EFFECTS = EnumSet.of(Effect.SEQUENCE, Effect.BREADTH, Effect.MOE, Effect.FP8,
            Effect.RESTARTS, Effect.INTERCONNECT);

    /** Reference conditions, where every feature is 0. */
    public static final int REFERENCE_WIDTH = 8192;
    public static final int REFERENCE_SEQUENCE = 4096;
    /** The longest pre-training sequence among the published runs: the sequence effect is held beyond it. */
    public static final int MAX_SEQUENCE = 8192;
    public static final double REFERENCE_BREADTH = 32;
    /** Accelerators per billion parameters below which the breadth effect is held: no published run is narrower. */
    public static final double BREADTH_FLOOR = 2;
    public static final double SIZE_REFERENCE_PARAMETERS = 70e9;
    public static final double CLUSTER_REFERENCE_COUNT = 16_384;
    /** When a count is needed and not known: LLaMA-65B's 2,048 A100s. */
    public static final int DEFAULT_COUNT = 2048;
    static final double INTERCONNECT_LIMIT = 2.0;

    /**
     * What the utilization depends on.
     *
     * @param parameters        active parameters that set the GEMM sizes (the largest component for multi-modal towers)
     * @param hiddenSize        model width d (0: derived from the parameters, {@link ModelShape})
     * @param sequenceLength    training sequence length (0: {@link ModelShape#DEFAULT_CONTEXT})
     * @param count             accelerators, 0 when not known
     * @param hoursExcludeRestarts the hours are a throughput rate without restarts (published runs only)
     * @param interconnectRatio (peak16 / interconnect) over the family's reference accelerator's; 1 when not known
     */
    public record Conditions(AcceleratorFamily family, double parameters, int hiddenSize, int sequenceLength, int count,
            boolean moe, boolean fp8, boolean hoursExcludeRestarts, double interconnectRatio) {

        /** A scenario's conditions: hours include restarts. */
        public static Conditions of(AcceleratorSpec spec, double parameters, ModelShape shape, int count, boolean moe, boolean fp8) {
            return new Conditions(spec.family(), parameters, shape == null ? 0 : shape.hiddenSize(),
                    shape == null ? 0 : shape.contextLength(), count, moe, fp8, false, EfficiencyModel.interconnectRatio(spec));
        }
    }

    public static double feature(Effect e, Conditions c) {
        return switch (e) {
            case SEQUENCE -> {
                int d = c.hiddenSize() > 0 ? c.hiddenSize() : ModelShape.of(Math.max(c.parameters(), 1e6), null, null, null, null, null)
                        .hiddenSize();
                // A catalog model's contextLength is often the context it was extended to at the end (128K for Llama 3.1,
                // DeepSeek-V3), not what most of its tokens were trained at; published runs pre-train at 8,192 at most, so
                // the effect is held there rather than extrapolated.
                int s = Math.min(MAX_SEQUENCE, c.sequenceLength() > 0 ? c.sequenceLength() : ModelShape.DEFAULT_CONTEXT);
                yield Math.log((1 + s / (6.0 * d)) / (1 + REFERENCE_SEQUENCE / (6.0 * REFERENCE_WIDTH)));
            }
            case BREADTH -> c.count() > 0
                    ? Math.max(Math.log(BREADTH_FLOOR / REFERENCE_BREADTH),
                            Math.min(0, Math.log(c.count() / Math.max(1.0, c.parameters() / 1e9) / REFERENCE_BREADTH)))
                    : 0;
            case MOE -> c.moe() ? 1 : 0;
            case FP8 -> c.fp8() ? 1 : 0;
            case RESTARTS -> c.hoursExcludeRestarts() ? 1 : 0;
            case INTERCONNECT -> c.interconnectRatio() > 0
                    ? Math.max(-INTERCONNECT_LIMIT, Math.min(INTERCONNECT_LIMIT, Math.log(c.interconnectRatio())))
                    : 0;
            case SIZE -> Math.log(Math.min(1e12, Math.max(1e9, c.parameters())) / SIZE_REFERENCE_PARAMETERS);
            case CLUSTER -> (c.count() > 0 ? c.count() : DEFAULT_COUNT) / CLUSTER_REFERENCE_COUNT;
        };
    }

    /**
     * The family's reference accelerator: its 16-bit dense peak (FLOP/s) and scale-up interconnect (GB/s per
     * accelerator), from the vendors' datasheets. Families without one (TPU: a torus, not comparable per link;
     * Ascend, other) get no interconnect effect.
     */
    static double referenceFlopsPerByte(AcceleratorFamily family) {
        return switch (family) {
            case VOLTA -> 125e12 / 300e9; // V100 SXM2: 125 TFLOP/s fp16, NVLink 300 GB/s
            case AMPERE -> 312e12 / 600e9; // A100 SXM: 312 TFLOP/s bf16, NVLink 600 GB/s
            case HOPPER -> 989e12 / 900e9; // H100 SXM: 989 TFLOP/s bf16, NVLink 900 GB/s
            case BLACKWELL -> 2250e12 / 1800e9; // B200: 2.25 PFLOP/s bf16, NVLink 1.8 TB/s
            case AMD_CDNA3 -> 1307e12 / 896e9; // MI300X: 1.3 PFLOP/s bf16, Infinity Fabric 896 GB/s
            default -> 0;
        };
    }

    /** (peak16 / interconnect) over the family reference's; 1 when the spec or the family gives no interconnect. */
    public static double interconnectRatio(AcceleratorSpec spec) {
        double reference = referenceFlopsPerByte(spec.family());
        if (reference <= 0 || spec.interconnectGbps() <= 0 || spec.peak16() <= 0) {
            return 1;
        }
        return (spec.peak16() / (spec.interconnectGbps() * 1e9)) / reference;
    }

    static Set<Effect> copy(Set<Effect> effects) {
        return effects.isEmpty() ? EnumSet.noneOf(Effect.class) : EnumSet.copyOf(effects);
    }
}
