package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EfficiencyProfilesTest {

    final EfficiencyProfiles profiles = EfficiencyProfiles.bundled();
    final ComputeEstimator estimator = new ComputeEstimator(profiles);
    final AcceleratorSpec h100 = ReferenceAccelerators.get("nvidia-h100-sxm");

    @Test
    void everyFamilyHasAProfileWithABandAroundIt() {
        for (AcceleratorFamily family : AcceleratorFamily.values()) {
            EfficiencyProfile p = profiles.of(family);
            assertEquals(family, p.family());
            assertTrue(p.lowUtilization() < p.referenceUtilization() && p.referenceUtilization() < p.highUtilization(), family.id());
            assertTrue(p.referenceUtilization() > 0.1 && p.referenceUtilization() < 0.7, family.id());
            assertTrue(!p.derivation().isBlank());
        }
        assertEquals(List.of("gpt-3-175b", "clip-vit-l-14"), profiles.of(AcceleratorFamily.VOLTA).calibrationRuns());
    }

    ScenarioInput dense(String precision, Double utilization, Integer count, Double deadline, boolean moe) {
        var w = TrainingWorkload.languageModel(70e9, moe ? 400e9 : 70e9, 2e12, 1);
        return new ScenarioInput(w, moe, ModelShape.of(70e9, 80, 8192, 64, 8, 4096), h100, precision, h100.peak(precision),
                utilization, count, deadline, 0, 1.1, 0.385, 100_000);
    }

    @Test
    void fp8GetsTheSourcedGainNotTwiceTheThroughput() {
        double bf16 = estimator.estimate(dense("bf16", null, 1024, null, false)).gpuHours();
        double fp8 = estimator.estimate(dense("fp8", null, 1024, null, false)).gpuHours();
        assertEquals(Math.exp(-profiles.model().coefficient(EfficiencyModel.Effect.FP8)), fp8 / bf16, 1e-9);
        assertTrue(fp8 / bf16 > 0.6, "not the 2x of the FP8 peak");
        // Utilization is reported against the asked precision's peak (FP8 = 2x BF16 on H100), so it halves-ish.
        var r = estimator.estimate(dense("fp8", null, 1024, null, false));
        assertEquals(r.trainingFlops() / (r.gpuHours() * 3600 * h100.peak("fp8")), r.utilization(), 1e-9);
    }

    @Test
    void userUtilizationOverridesTheProfile() {
        var r = estimator.estimate(dense("bf16", 0.5, 1024, null, false));
        assertEquals(6 * 70e9 * 2e12 / (989e12 * 0.5) / 3600, r.gpuHours(), 1);
        assertEquals("user", r.utilizationSource());
    }

    @Test
    void narrowClustersAreSlowerAndMoeIsSlower() {
        // 70B on 512 accelerators is 7.3 per billion parameters, narrower than the reference 32; 16,384 is broader.
        double narrow = estimator.estimate(dense("bf16", null, 512, null, false)).gpuHours();
        double broad = estimator.estimate(dense("bf16", null, 16_384, null, false)).gpuHours();
        double b = profiles.model().coefficient(EfficiencyModel.Effect.BREADTH);
        assertEquals(Math.exp(-b * Math.log(512 / 70.0 / 32)), narrow / broad, 1e-9);
        assertTrue(narrow > broad);
        double moe = estimator.estimate(dense("bf16", null, 512, null, true)).gpuHours();
        assertEquals(Math.exp(-profiles.model().coefficient(EfficiencyModel.Effect.MOE)), moe / narrow, 1e-9);
        assertTrue(moe > narrow);
    }

    @Test
    void deadlineGivesEnoughAcceleratorsAndNeverBelowMemoryMinimum() {
        var r = estimator.estimate(dense("bf16", null, null, 30.0, false));
        assertTrue(r.possible());
        assertTrue(r.gpuCount() * 24 * 30.0 >= r.gpuHours(), "the count meets the deadline");
        assertTrue((r.gpuCount() - 1) * 24 * 30.0 < r.gpuHours(), "and is the smallest that does");
        // A tiny job with a generous deadline still needs the accelerators that hold the model.
        var tiny = new ScenarioInput(TrainingWorkload.languageModel(70e9, 70e9, 1e6, 1), false, ModelShape.of(70e9, 80, 8192, 64, 8, 4096),
                h100, "bf16", h100.peak("bf16"), null, null, 365.0, 0, 1.1, 0.385, 100_000);
        var t = estimator.estimate(tiny);
        assertEquals(t.memory().minAccelerators(), t.gpuCount());
        assertTrue(t.memory().minAccelerators() >= 16, "70B x 16 bytes = 1.12 TB does not fit on fewer than 16 x 80 GB");
    }

    @Test
    void impossibleScenariosNameTheField() {
        var tooFew = estimator.estimate(dense("bf16", null, 4, null, false));
        assertEquals("hardware.count", tooFew.violations().get(0).field());
        var tooSoon = estimator.estimate(dense("bf16", null, null, 0.01, false));
        assertEquals("hardware.deadlineDays", tooSoon.violations().get(0).field());
    }

    @Test
    void familiesComeFromAcceleratorIds() {
        assertEquals(AcceleratorFamily.HOPPER, AcceleratorFamily.of("nvidia-h20"));
        assertEquals(AcceleratorFamily.HOPPER, AcceleratorFamily.of("nvidia-h200"));
        assertEquals(AcceleratorFamily.AMPERE, AcceleratorFamily.of("nvidia-a100-40gb"));
        assertEquals(AcceleratorFamily.TPU, AcceleratorFamily.of("google-tpu-v5p"));
        assertEquals(AcceleratorFamily.AMD_CDNA3, AcceleratorFamily.of("amd-mi300x"));
        assertEquals(AcceleratorFamily.ASCEND, AcceleratorFamily.of("huawei-ascend-910b"));
        assertEquals(AcceleratorFamily.BLACKWELL, AcceleratorFamily.of("nvidia-b200"));
        assertEquals(AcceleratorFamily.OTHER, AcceleratorFamily.of("acme-x1"));
        assertTrue(new AcceleratorSpec("x", Map.of("fp16", 1.0), 1, 1, 1).peak16() > 0);
    }
}
