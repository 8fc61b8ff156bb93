package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Serving against published KV cache sizes and against the roofline worked by hand (docs/method/compute.md, Serving).
 */
class ServingEstimatorTest {

    static final double KIB = 1024;
    /** A100 80GB SXM: 312 TFLOP/s dense bf16, 2.039 TB/s (NVIDIA A100 datasheet). */
    static final AcceleratorSpec A100 = new AcceleratorSpec("a100-80gb", Map.of("bf16", 312e12), 80, 2.039, 400);
    /** H100 SXM: 989 TFLOP/s dense bf16, 1,979 fp8, 3.35 TB/s, 80 GB (NVIDIA H100 datasheet). */
    static final AcceleratorSpec H100 = new AcceleratorSpec("h100-sxm", Map.of("bf16", 989e12, "fp8", 1979e12), 80, 3.35,
            700);

    /** Llama 3 70B (Meta's config.json): 80 layers, d 8,192, 64 heads, 8 KV heads of 128. */
    static final ModelShape LLAMA3_70B = new ModelShape(80, 8192, 64, 8, 8192);
    /** DeepSeek-V3 (its config.json): 61 layers, d 7,168, 128 heads, kv_lora_rank 512, qk_rope_head_dim 64. */
    static final ModelShape DEEPSEEK_V3 = new ModelShape(61, 7168, 128, 128, 4096);
    /** A 7B MHA model (Llama 2 7B shape: 32 layers, d 4,096, 32 heads). */
    static final ModelShape SEVEN_B = new ModelShape(32, 4096, 32, 32, 4096);

    @Test
    void llama3_70bGqaKvCacheIsThePublished320KiBPerTokenAtBf16() {
        Attention gqa = Attention.of("gqa", LLAMA3_70B, 128.0, null, null);
        double bytes = gqa.kvBytesPerToken(80, ServingEstimator.bytesPerValue("bf16"));
        assertEquals(320 * KIB, bytes, 0.05 * 320 * KIB, "published: 320 KiB per token");
        assertEquals(2.0 * 80 * 8 * 128 * 2, bytes, 1e-6);
        // Inferred the same from heads > kvHeads without the attention field.
        assertEquals("gqa", Attention.of(null, LLAMA3_70B, null, null, null).variant());
    }

    @Test
    void deepSeekV3MlaKvCacheIsAbout69KiBPerTokenAtBf16() {
        Attention mla = Attention.of("mla", DEEPSEEK_V3, 128.0, 512, 64);
        double bytes = mla.kvBytesPerToken(61, 2);
        assertEquals(69 * KIB, bytes, 0.05 * 69 * KIB, "published: about 69 KiB per token");
        assertEquals(61 * (512 + 64) * 2.0, bytes, 1e-6);
        // Without the MLA fields the cache falls back to one KV head per attention head: about 25x too large (1.75 MB).
        double naive = Attention.of(null, DEEPSEEK_V3, null, null, null).kvBytesPerToken(61, 2);
        assertEquals(1.75e6, naive, 0.01e6);
        assertTrue(naive / bytes > 24);
    }

    @Test
    void mqaKeepsOneHeadAndFp8HalvesTheCache() {
        Attention mqa = Attention.of("mqa", SEVEN_B, null, null, null);
        assertEquals(2.0 * 32 * 1 * 128 * 2, mqa.kvBytesPerToken(32, 2), 1e-6);
        Attention mha = Attention.of("mha", SEVEN_B, null, null, null);
        assertEquals(2.0 * 32 * 32 * 128, mha.kvBytesPerToken(32, ServingEstimator.bytesPerValue("fp8")), 1e-6);
        var est = ServingEstimator.estimate(7e9, 7e9, SEVEN_B, mha,
                new ServingEstimator.Request(A100, "bf16", "fp8", 1000, 200, 0, 0, 0, null, null, 0));
        assertEquals(2.0 * 32 * 32 * 128, est.kvCacheBytesPerToken(), 1e-6);
    }

    /**
     * 7B (MHA, bf16) on one A100, 1,000 prompt and 200 output tokens, TPOT at most 20 ms. By hand:
     * prefill 2·7e9·1000 + 2·32·4096·1000² = 1.4262e13 FLOP at 0.5·312 TFLOP/s = 91.42 ms (the weights read once,
     * 14 GB at 0.7·2.039 TB/s, take 9.8 ms: compute-bound). Decode: KV 524,288 B/token, mean context 1,100; a step of B
     * reads 14e9 + B·1100·524,288 bytes at 1.4273 TB/s = 9.809 + 0.4041·B ms, against B·(1.4e10 + 4·32·1100·4096) FLOP
     * at 156 TFLOP/s = 0.0934·B ms: bandwidth-bound. 20 ms allows B = 25 (19.91 ms); 26 would take 20.31 ms.
     */
    @Test
    void ttftAndTpotFollowTheRooflineByHand() {
        var est = ServingEstimator.estimate(7e9, 7e9, SEVEN_B, Attention.of(null, SEVEN_B, null, null, null),
                new ServingEstimator.Request(A100, "bf16", "bf16", 1000, 200, 0, 0, 0, null, 20.0, 0));
        double prefill = 2 * 7e9 * 1000 + 2.0 * 32 * 4096 * 1000 * 1000;
        assertEquals(prefill, est.prefillFlops(), 1);
        assertEquals(prefill / (0.5 * 312e12) * 1000, est.ttftMs(), 1e-6);
        assertEquals(91.42, est.ttftMs(), 0.01);
        assertEquals(1, est.acceleratorsPerReplica(), "14 GB of weights fit one 80 GB A100");
        assertEquals(25, est.batchSize());
        double bw = 0.7 * 2.039e12;
        double tpot = (14e9 + 25 * 1100 * 524_288.0) / bw * 1000;
        assertEquals(tpot, est.tpotMs(), 1e-6);
        assertEquals(19.91, est.tpotMs(), 0.01);
        assertTrue((14e9 + 26 * 1100 * 524_288.0) / bw * 1000 > 20, "one more sequence would miss the target");
        // 25 sequences of 200 tokens: 25 prefills and 200 steps.
        assertEquals(25 * 200 / (25 * prefill / (0.5 * 312e12) + 200 * tpot / 1000), est.tokensPerSecondPerAccelerator(),
                1e-6);
        assertNull(est.violation());
    }

    @Test
    void withoutTargetsTheBatchFillsTheKvCache() {
        var est = ServingEstimator.estimate(7e9, 7e9, SEVEN_B, Attention.of(null, SEVEN_B, null, null, null),
                new ServingEstimator.Request(A100, "bf16", "bf16", 1000, 200, 0, 0, 0, null, null, 0));
        // (0.9·80 GB − 14 GB) / (1,200 tokens · 524,288 B) = 92 full-length sequences.
        assertEquals(92, est.batchSize());
        assertTrue(est.tpotMs() > 19.91);
    }

    @Test
    void tensorParallelWhenTheWeightsDoNotFitOneAccelerator() {
        Attention gqa = Attention.of(null, LLAMA3_70B, null, null, null);
        // 70e9 parameters: bf16 140 GB > 0.6·2·80 GB, so 4 H100; fp8 70 GB > 48 GB, so 2; int4 35 GB fits one.
        assertEquals(4, ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                ServingEstimator.Request.of(H100, "bf16", 0)).acceleratorsPerReplica());
        assertEquals(2, ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                ServingEstimator.Request.of(H100, "fp8", 0)).acceleratorsPerReplica());
        var int4 = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa, ServingEstimator.Request.of(H100, "int4", 0));
        assertEquals(1, int4.acceleratorsPerReplica());
        // fp8 weights run on fp8 tensor cores: the prefill is twice as fast as at bf16 on the same group.
        var bf16 = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                new ServingEstimator.Request(H100, "bf16", null, 1000, 200, 0, 0, 0, null, null, 0));
        assertEquals(bf16.prefillFlops() / (4 * 0.5 * 989e12) * 1000, bf16.ttftMs(), 1e-6);
        // int4 is weight-only: its prefill runs at the 16-bit peak on its one accelerator.
        assertEquals(int4.prefillFlops() / (0.5 * 989e12) * 1000, int4.ttftMs(), 1e-6);
    }

    @Test
    void aTightTtftTargetBuysALargerTensorParallelGroup() {
        Attention gqa = Attention.of(null, LLAMA3_70B, null, null, null);
        var loose = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                new ServingEstimator.Request(H100, "fp8", null, 4000, 200, 0, 0, 0, null, null, 0));
        // 4,000 prompt tokens on 2 H100 at fp8: 2·70e9·4000 + 2·80·8192·4000² FLOP at 0.5·2·1,979 TFLOP/s = 307 ms.
        double prefill = 2 * 70e9 * 4000 + 2.0 * 80 * 8192 * 4000 * 4000;
        assertEquals(2, loose.acceleratorsPerReplica());
        assertEquals(prefill / (2 * 0.5 * 1979e12) * 1000, loose.ttftMs(), 1e-6);
        var tight = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                new ServingEstimator.Request(H100, "fp8", null, 4000, 200, 0, 0, 0, 200.0, null, 0));
        assertEquals(4, tight.acceleratorsPerReplica(), "the smallest group under 200 ms: 4 (154 ms)");
        assertTrue(tight.ttftMs() <= 200);
        var impossible = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa,
                new ServingEstimator.Request(H100, "fp8", null, 4000, 200, 0, 0, 0, 0.5, null, 0));
        assertNotNull(impossible.violation());
        assertEquals("serving.maxTtftMs", impossible.violation().field());
    }

    @Test
    void imagesAddTheirTokensAndTheEncoderToThePrefill() {
        Attention mha = Attention.of(null, SEVEN_B, null, null, null);
        var text = ServingEstimator.estimate(7.3e9, 7.3e9, SEVEN_B, mha,
                new ServingEstimator.Request(A100, "bf16", null, 100, 200, 0, 0, 0, null, null, 0));
        // LLaVA-1.5 7B: a 0.3B CLIP ViT-L/336 makes 576 tokens per image.
        var image = ServingEstimator.estimate(7.3e9, 7.3e9, SEVEN_B, mha,
                new ServingEstimator.Request(A100, "bf16", null, 100, 200, 576, 0.3e9, 577, null, null, 0));
        double lm = 7.0e9;
        double expected = 2 * lm * 676 + 2.0 * 32 * 4096 * 676 * 676 + 2 * 0.3e9 * 577;
        assertEquals(expected, image.prefillFlops(), 1);
        assertTrue(image.ttftMs() > 5 * text.ttftMs());
    }

    @Test
    void moeDecodeReadsOnlyTheExpertsItsBatchRoutesTo() {
        Attention mla = Attention.of("mla", DEEPSEEK_V3, 128.0, 512, 64);
        AcceleratorSpec h200 = new AcceleratorSpec("h200", Map.of("bf16", 989e12, "fp8", 1979e12), 141, 4.8, 700);
        var est = ServingEstimator.estimate(37e9, 671e9, DEEPSEEK_V3, mla,
                new ServingEstimator.Request(h200, "fp8", "bf16", 1000, 200, 0, 0, 0, null, null, 0));
        // 671 GB of fp8 weights on 141 GB accelerators within 60%: 8 (one HGX H200 node).
        assertEquals(8, est.acceleratorsPerReplica());
        double batch1 = ServingEstimator.decodeStepMs(1, 8, est.flopsPerToken(), 37e9, 671e9, 1100, est.kvCacheBytesPerToken(),
                0.5 * 1979e12, 0.7 * 4.8e12);
        // Batch 1 reads the 37 GB of active weights once, not the 671 GB: (37e9 + 1100·70,272) / (8·3.36 TB/s).
        assertEquals((37e9 + 1100 * 70_272.0) / (8 * 0.7 * 4.8e12) * 1000, batch1, 1e-6);
    }

    @Test
    void aModelTooLargeToServeIsRefusedOnlyWhenALoadAsksForServing() {
        // 1e15 parameters at bf16 (2 PB) do not fit 256 A100s of 80 GB.
        ModelShape huge = ModelShape.of(1e15, null, null, null, null, null);
        Attention mha = Attention.of(null, huge, null, null, null);
        var training = ServingEstimator.estimate(1e15, 1e15, huge, mha, ServingEstimator.Request.of(A100, "bf16", 0));
        assertNull(training.violation(), "a training scenario is not refused for serving it does not ask for");
        assertTrue(training.tokensPerSecondPerAccelerator() > 0 && training.ttftMs() > 0);
        var served = ServingEstimator.estimate(1e15, 1e15, huge, mha, ServingEstimator.Request.of(A100, "bf16", 1e9));
        assertEquals("serving.accelerator", served.violation().field());
        // A 70B model fits, but not a context of a hundred million tokens (33 TB of KV cache) on 256 A100s.
        var longPrompt = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, Attention.of(null, LLAMA3_70B, null, null, null),
                new ServingEstimator.Request(A100, "bf16", null, 1e8, 200, 0, 0, 0, null, null, 1e9));
        assertEquals("serving.promptTokens", longPrompt.violation().field());
    }

    @Test
    void theLoadNeedsWholeReplicas() {
        Attention gqa = Attention.of(null, LLAMA3_70B, null, null, null);
        var est = ServingEstimator.estimate(70e9, 70e9, LLAMA3_70B, gqa, ServingEstimator.Request.of(H100, "bf16", 1e10));
        double perReplica = est.tokensPerSecondPerAccelerator() * est.acceleratorsPerReplica();
        int replicas = (int) Math.ceil(1e10 / 86_400 / perReplica);
        assertEquals(replicas * est.acceleratorsPerReplica(), est.accelerators());
        assertEquals(0, est.accelerators() % 4);
    }
}
