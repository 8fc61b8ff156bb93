package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryAndServingTest {

    @Test
    void mixedPrecisionAdamNeeds16BytesPerParameter() {
        // ZeRO paper (Rajbhandari et al. 2020, section 3.1): a 7.5B model needs 16 x 7.5B = 120 GB of model states.
        var m = MemoryEstimator.training(7.5e9, 7.5e9, ModelShape.of(7.5e9, 32, 4096, 32, 32, 1024), 80);
        assertEquals(120, m.weightsGb() + m.gradientsGb() + m.optimizerGb(), 1e-6);
        assertEquals(15, m.weightsGb(), 1e-6);
    }

    @Test
    void activationsFollowKorthikanti() {
        // Korthikanti et al. 2022, eq. 1 for GPT-3 175B (s = 2048, h = 12288, a = 96): 34 + 5·96·2048/12288 = 114 bytes per s·h.
        ModelShape gpt3 = new ModelShape(96, 12_288, 96, 96, 2048);
        assertEquals(96 * 2048.0 * 12_288 * 114, MemoryEstimator.activationBytesPerSequence(gpt3), 1);
    }

    @Test
    void aLongCatalogContextDoesNotInflateTrainingActivations() {
        // DeepSeek-V3 (report, Table 1 and section 4.3): 671B parameters, 61 layers of width 7,168, 128 heads, pre-trained
        // at 4K and extended to 128K later; trained on 2,048 H800s (80 GB). The activations are those of the
        // pre-training sequence, so 2,048 H800s hold it: a 128K sequence's s² term asked for 9,492.
        ModelShape v3 = new ModelShape(61, 7168, 128, 128, 131_072);
        var m = MemoryEstimator.training(671e9, 671e9, v3, 80);
        double capped = 61.0 * 8192 * 7168 * (34 + 5.0 * 128 * 8192 / 7168) / 1e9;
        assertEquals(capped, m.activationsGb(), capped * 1e-9);
        assertTrue(m.minAccelerators() <= 2048, "min accelerators " + m.minAccelerators());
        // A model whose context is below the cap keeps it.
        ModelShape gpt3 = new ModelShape(96, 12_288, 96, 96, 2048);
        assertEquals(96.0 * 2048 * 12_288 * 114 / 1e9, MemoryEstimator.training(174.6e9, 174.6e9, gpt3, 80).activationsGb(), 1e-6);
    }

    @Test
    void derivedShapeReproducesGpt3Proportions() {
        // GPT-3 paper Table 2.1: 175B has 96 layers of width 12,288.
        ModelShape s = ModelShape.of(174.6e9, null, null, null, null, null);
        assertEquals(12_288, s.hiddenSize(), 12_288 * 0.02);
        assertEquals(96, s.layers(), 2);
    }

    @Test
    void llama2_70bKvCacheIs320KiBPerToken() {
        // Llama 2 70B: 80 layers, 8 KV heads (GQA) of 128 dims, bf16: 2·80·8·128·2 bytes = 327,680 per token.
        ModelShape llama = new ModelShape(80, 8192, 64, 8, 4096);
        var s = ServingEstimator.estimate(70e9, 70e9, llama, "bf16", 989e12, 80, 3.35, 0);
        assertEquals(327_680, s.kvCacheBytesPerToken(), 1e-6);
        assertTrue(s.flopsPerToken() >= 2 * 70e9, "at least 2·N FLOPs per token (Kaplan et al. 2020)");
    }

    @Test
    void throughputIsBoundedByComputeAndBandwidth() {
        ModelShape shape = new ModelShape(32, 4096, 32, 32, 4096);
        var s = ServingEstimator.estimate(7e9, 7e9, shape, "bf16", 312e12, 80, 2.039, 1e10);
        double computeBound = 312e12 / s.flopsPerToken();
        assertTrue(s.tokensPerSecondPerAccelerator() <= computeBound);
        // Bandwidth bound: each step reads the weights once for the whole batch.
        double bandwidthBound = s.batchSize() * 2.039e12 / (7e9 * 2);
        assertTrue(s.tokensPerSecondPerAccelerator() <= bandwidthBound);
        // Load: 1e10 tokens/day needs ceil(115,741 tokens/s / per-accelerator rate) accelerators.
        assertEquals((int) Math.ceil(1e10 / 86_400 / s.tokensPerSecondPerAccelerator()), s.accelerators());
    }
}
