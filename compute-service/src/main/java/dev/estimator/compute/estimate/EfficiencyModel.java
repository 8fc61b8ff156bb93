package dev.estimator.compute.estimate;

/**
 * The effects on effective utilization that the estimator models, each from a published source. A family
 * profile stores the utilization at reference conditions (a 70B dense model, 16-bit, no failures); these
 * factors move it to the scenario's conditions. The same factors normalize the published runs when the
 * profiles are derived ({@link ProfileCalibration}), so calibration and estimation agree by construction.
 */
public final class EfficiencyModel {

    private EfficiencyModel() {
    }

    /**
     * Model size: bigger models have bigger GEMMs and reach a higher share of peak. Narayanan et al. 2021
     * ("Efficient Large-Scale Language Model Training on GPU Clusters", Table 1) measured 44% of peak at
     * 1.7B parameters and 52% at 1T on A100s: ln(52/44) / ln(1000/1.7) = 0.026 per e-fold of parameters.
     * Outside 1B..1T the table gives no evidence, so the factor is held constant there.
     */
    public static final double SIZE_EXPONENT = 0.026;
    public static final double SIZE_REFERENCE_PARAMETERS = 70e9;
    static final double SIZE_MIN = 1e9;
    static final double SIZE_MAX = 1e12;

    /**
     * Cluster scale (goodput): failures grow with the number of accelerators, and each costs a restart
     * from the last checkpoint. Llama 3 paper (Dubey et al. 2024, section 3.3.4): 466 interruptions in 54
     * days on 16,384 H100s, yet more than 90% effective training time. With a constant failure rate per
     * accelerator the lost share grows linearly with the count: 10% at 16,384.
     */
    public static final double GOODPUT_LOSS_AT_REFERENCE = 0.10;
    public static final double GOODPUT_REFERENCE_COUNT = 16_384;
    /** When a scenario gives no count (accelerator-hours only), a typical large run: LLaMA-65B used 2,048 A100s. */
    public static final int DEFAULT_COUNT = 2048;

    /**
     * FP8 throughput gain over BF16 on Hopper. FP8 peak is 2x BF16, but only the GEMMs run in FP8:
     * DeepSeek-V3 report (section 3.3.1) keeps embedding, output head, MoE gating, normalization and
     * attention in BF16/FP32, and quantization/scaling adds work. NVIDIA's Transformer Engine / NeMo
     * published training benchmarks show ~1.3x end-to-end FP8 over BF16 speedups for GPT/Llama models on
     * H100, not 2x. So an FP8 run gets 1.3x the BF16 throughput.
     */
    public static final double FP8_GAIN_OVER_BF16 = 1.3;

    /**
     * Mixture-of-experts: tokens are routed across devices (all-to-all) and the fine-grained experts give
     * small GEMMs. DeepSeek-V3 (section 3.2.1) reports a computation-to-communication ratio of about 1:1
     * for cross-node expert parallelism, hidden only partly by DualPipe. Judgment: 0.75 of a dense
     * model's utilization; this is the least certain factor, reported as such in docs/method/compute.md.
     */
    public static final double MOE_EFFICIENCY = 0.75;

    public static double sizeFactor(double activeParameters) {
        double n = Math.min(SIZE_MAX, Math.max(SIZE_MIN, activeParameters));
        return Math.pow(n / SIZE_REFERENCE_PARAMETERS, SIZE_EXPONENT);
    }

    public static double goodput(int acceleratorCount) {
        int n = acceleratorCount > 0 ? acceleratorCount : DEFAULT_COUNT;
        return Math.max(0.5, 1.0 - GOODPUT_LOSS_AT_REFERENCE * n / GOODPUT_REFERENCE_COUNT);
    }

    /** Product of the modeled effects, relative to the reference conditions of a profile. */
    public static double adjustment(double activeParameters, int acceleratorCount, boolean moe, boolean fp8) {
        return sizeFactor(activeParameters) * goodput(acceleratorCount) * (moe ? MOE_EFFICIENCY : 1.0)
                * (fp8 ? FP8_GAIN_OVER_BF16 : 1.0);
    }
}
