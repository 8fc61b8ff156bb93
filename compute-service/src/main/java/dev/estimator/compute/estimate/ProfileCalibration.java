package dev.estimator.compute.estimate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the family profiles from published runs. For every run with published accelerator-hours:
 *
 * <pre>
 *   measured   = FLOPs / (published hours x 3600 x 16-bit dense peak)      (effective utilization)
 *   normalized = measured / (sizeFactor(N) x goodput(count) x MoE x FP8)   (back to reference conditions)
 * </pre>
 *
 * and a family's reference utilization is the median of its runs' normalized values. Families without
 * a published run in the CSV get a documented prior ({@link #priors}). Only a handful of parameters are
 * involved (one per family plus the shared effects of {@link EfficiencyModel}), never one per run.
 */
public final class ProfileCalibration {

    private ProfileCalibration() {
    }

    /** The effective utilization a published run achieved, relative to the 16-bit dense peak. */
    public static double measuredUtilization(PublishedRun run, AcceleratorSpec spec) {
        double flops = TrainingComputeCalculator.trainingFlops(ReferenceWorkloads.of(run));
        return flops / (run.acceleratorHours() * 3600.0 * spec.peak16());
    }

    public static double normalizedUtilization(PublishedRun run, AcceleratorSpec spec) {
        TrainingWorkload w = ReferenceWorkloads.of(run);
        double adjustment = EfficiencyModel.adjustment(ReferenceWorkloads.sizeForEfficiency(w), run.acceleratorCount(),
                ReferenceWorkloads.isMoe(run), ReferenceWorkloads.isFp8(run));
        return measuredUtilization(run, spec) / adjustment;
    }

    public static EfficiencyProfiles derive(List<PublishedRun> runs) {
        Map<AcceleratorFamily, List<Double>> normalized = new EnumMap<>(AcceleratorFamily.class);
        Map<AcceleratorFamily, List<String>> ids = new EnumMap<>(AcceleratorFamily.class);
        for (PublishedRun run : runs) {
            AcceleratorSpec spec = ReferenceAccelerators.get(run.accelerator());
            if (!run.hasAcceleratorHours() || spec == null || spec.peak16() <= 0) {
                continue;
            }
            AcceleratorFamily family = spec.family();
            normalized.computeIfAbsent(family, f -> new ArrayList<>()).add(normalizedUtilization(run, spec));
            ids.computeIfAbsent(family, f -> new ArrayList<>()).add(run.id());
        }
        Map<AcceleratorFamily, EfficiencyProfile> profiles = new EnumMap<>(AcceleratorFamily.class);
        for (var entry : normalized.entrySet()) {
            AcceleratorFamily family = entry.getKey();
            double reference = median(entry.getValue());
            Band band = BANDS.get(family);
            profiles.put(family, new EfficiencyProfile(family, reference, reference * band.low, reference * band.high,
                    "median of normalized effective utilization of published runs " + ids.get(family)
                            + " (FLOPs / (published accelerator-hours x 16-bit peak), divided by the size, goodput, MoE and FP8 factors)",
                    band.source, ids.get(family)));
        }
        priors(profiles);
        return new EfficiencyProfiles(profiles);
    }

    /** Gopher 280B (Rae et al. 2021, section 4 and appendix F): 300B tokens, 4,096 TPUv3 chips for 920 hours. */
    static final PublishedRun GOPHER = new PublishedRun("gopher-280b", "Gopher 280B", 280e9, 280e9, 300e9, "google-tpu-v3", 4096,
            4096 * 920.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "text",
            "Rae et al. 2021 (Gopher), section 4 and appendix F", "literature prior for TPU");

    /** Families without a run in the CSV: literature priors, each explained. */
    static void priors(Map<AcceleratorFamily, EfficiencyProfile> profiles) {
        if (!profiles.containsKey(AcceleratorFamily.TPU)) {
            double tpu = normalizedUtilization(GOPHER, ReferenceAccelerators.get("google-tpu-v3"));
            profiles.put(AcceleratorFamily.TPU, prior(AcceleratorFamily.TPU, tpu,
                    "Gopher 280B on 4,096 TPUv3 for 920 h (Rae et al. 2021), normalized like the CSV runs", List.of("gopher-280b")));
        }
        EfficiencyProfile hopper = profiles.get(AcceleratorFamily.HOPPER);
        double hopperValue = hopper != null ? hopper.referenceUtilization() : 0.37;
        if (!profiles.containsKey(AcceleratorFamily.BLACKWELL)) {
            profiles.put(AcceleratorFamily.BLACKWELL, prior(AcceleratorFamily.BLACKWELL, hopperValue,
                    "= Hopper: MLPerf Training v5.0 (2025) B200 systems are ~2.2-2.5x faster per GPU than H100 for 2.25x the BF16 peak,"
                            + " i.e. the same share of peak",
                    List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.AMD_CDNA3)) {
            profiles.put(AcceleratorFamily.AMD_CDNA3, prior(AcceleratorFamily.AMD_CDNA3, hopperValue * 0.65,
                    "0.65 x Hopper: SemiAnalysis 'MI300X vs H100 vs H200 training benchmark' (Dec 2024) measured MI300X below H100"
                            + " in achieved TFLOP/s despite a 1.32x higher BF16 peak (software maturity, collectives)",
                    List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.ASCEND)) {
            EfficiencyProfile ampere = profiles.get(AcceleratorFamily.AMPERE);
            double ampereValue = ampere != null ? ampere.referenceUtilization() : 0.45;
            profiles.put(AcceleratorFamily.ASCEND, prior(AcceleratorFamily.ASCEND, ampereValue * 0.8,
                    "0.8 x Ampere (low confidence): Huawei reports large dense runs on Ascend 910B clusters (Pangu Ultra, 2025)"
                            + " at ~50% MFU steady state, comparable to A100; 0.8 for a younger software stack",
                    List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.AMPERE)) {
            profiles.put(AcceleratorFamily.AMPERE, prior(AcceleratorFamily.AMPERE, 0.45,
                    "Narayanan et al. 2021: 44-52% of peak steady state on A100", List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.VOLTA)) {
            profiles.put(AcceleratorFamily.VOLTA, prior(AcceleratorFamily.VOLTA, 0.21,
                    "GPT-3 175B on V100: 21.3% MFU (PaLM paper, Table 3)", List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.HOPPER)) {
            profiles.put(AcceleratorFamily.HOPPER, prior(AcceleratorFamily.HOPPER, 0.37,
                    "Llama 3 405B: 38-43% BF16 MFU (Dubey et al. 2024)", List.of()));
        }
        if (!profiles.containsKey(AcceleratorFamily.OTHER)) {
            List<Double> all = new ArrayList<>();
            profiles.values().forEach(p -> all.add(p.referenceUtilization()));
            profiles.put(AcceleratorFamily.OTHER, prior(AcceleratorFamily.OTHER, median(all),
                    "median of the other families' reference utilization", List.of()));
        }
    }

    private static EfficiencyProfile prior(AcceleratorFamily family, double reference, String derivation, List<String> runs) {
        Band band = BANDS.get(family);
        return new EfficiencyProfile(family, reference, reference * band.low, reference * band.high, "prior: " + derivation,
                band.source, runs);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** Utilization band (p10..p90) as multiples of the reference utilization, with the published spread it reflects. */
    record Band(double low, double high, String source) {
    }

    static final Map<AcceleratorFamily, Band> BANDS = new EnumMap<>(Map.of(
            AcceleratorFamily.VOLTA, new Band(0.75, 1.25,
                    "V100 runs: Megatron-LM 8.3B sustained 30 TFLOP/s per V100 = 24% of peak (Shoeybi et al. 2019); GPT-3 and CLIP ~20%"),
            AcceleratorFamily.AMPERE, new Band(0.62, 1.12,
                    "A100 runs range from BLOOM-176B (1.08M A100-hours for 366B tokens, ~32% effective) to LLaMA-13B (~51%);"
                            + " OPT-175B (~21%, many restarts per its logbook) is a known outlier beyond p90"),
            AcceleratorFamily.HOPPER, new Band(0.70, 1.25,
                    "Llama 3: 43% BF16 MFU at 8,192 H100s steady state (upper); MoE/FP8 runs and smaller clusters lower"),
            AcceleratorFamily.BLACKWELL, new Band(0.60, 1.30, "no published full run yet: wider than Hopper"),
            AcceleratorFamily.AMD_CDNA3, new Band(0.60, 1.40, "few published runs: wide"),
            AcceleratorFamily.ASCEND, new Band(0.60, 1.40, "few published runs: wide"),
            AcceleratorFamily.TPU, new Band(0.75, 1.50,
                    "PaLM 540B reached 46.2% MFU steady state on TPU v4 (Chowdhery et al. 2022, Table 3): the fast end"),
            AcceleratorFamily.OTHER, new Band(0.60, 1.40, "unknown family: wide")));
}
