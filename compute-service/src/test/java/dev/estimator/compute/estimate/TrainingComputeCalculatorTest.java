package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrainingComputeCalculatorTest {

    @Test
    void everyGpt3RowOfTableD1WithinHalfAPercent() {
        // GPT-3 paper (Brown et al. 2020) Table D.1 total training compute, as published in docs/reference.
        List<PublishedRun> rows = PublishedRun.bundled().stream().filter(r -> r.id().startsWith("gpt-3-")).toList();
        assertEquals(8, rows.size(), "Table D.1 has eight GPT-3 models");
        for (PublishedRun row : rows) {
            double pfDays = TrainingComputeCalculator.pfDays(TrainingComputeCalculator.trainingFlops(
                    TrainingWorkload.languageModel(row.paramsActive(), row.paramsTotal(), row.tokens(), 1)));
            assertEquals(row.pfDays(), pfDays, row.pfDays() * 0.005, row.id());
        }
    }

    @Test
    void palmAttentionTermReproducesPublishedTotal() {
        // PaLM (Chowdhery et al. 2022): 540.35B parameters, 780B tokens, L = 118, d = 18,432, context 2,048;
        // its compute table gives 2.56e24 training FLOPs including the 12·L·d·T attention term (appendix B).
        var palm = new TrainingWorkload(540.35e9, 540.35e9, 780e9, 1, List.of(), 0, 0, 0, 0, 0, 0, 0, 118, 18_432, 2048, true);
        assertEquals(2.56e24, TrainingComputeCalculator.trainingFlops(palm), 2.56e24 * 0.01);
        var without = new TrainingWorkload(540.35e9, 540.35e9, 780e9, 1, List.of(), 0, 0, 0, 0, 0, 0, 0, 118, 18_432, 2048, false);
        assertEquals(6 * 540.35e9 * 780e9, TrainingComputeCalculator.trainingFlops(without), 1e18);
    }

    @Test
    void deepSeekV3CountsActiveParametersNotTotal() {
        PublishedRun v3 = PublishedRun.bundled().stream().filter(r -> r.id().equals("deepseek-v3")).findFirst().orElseThrow();
        // DeepSeek-V3 report: 37B activated of 671B total parameters per token, 14.8T tokens.
        double flops = TrainingComputeCalculator.trainingFlops(ReferenceWorkloads.of(v3));
        assertEquals(6 * 37e9 * 14.8e12, flops, 1e20);
    }

    @Test
    void componentFactorsFollowTrainabilityAndStreamOrder() {
        double n = 1e9;
        double images = 1e6;
        // Frozen vision encoder at the input: forward only (2·N·T). Trainable projector after it: 6·N·T.
        var frozenEncoder = new ModelComponent("vision", n, 100, 1, false, "image");
        var projector = new ModelComponent("projector", n, 100, 1, true, "image");
        var frozenAfterTrainable = new ModelComponent("frozen-after", n, 100, 1, false, "image");
        var w = new TrainingWorkload(3 * n, 3 * n, 0, 1, List.of(frozenEncoder, projector, frozenAfterTrainable), images, 0, 0, 0,
                0, 0, 0, 0, 0, 0, false);
        double tokens = images * 100;
        assertEquals((2 + 6 + 4) * n * tokens, TrainingComputeCalculator.trainingFlops(w), 1);
    }

    @Test
    void modalityTokensReachTheBackbone() {
        // 1B backbone, 1M images x 576 tokens, 1,000 video seconds x 2 fps x 64 tokens, 2,000 audio seconds x 25 tokens/s.
        var w = new TrainingWorkload(1e9, 1e9, 1e9, 2, List.of(), 1e6, 576, 1000, 2, 64, 2000, 25, 0, 0, 0, false);
        double tokens = 1e9 + 1e6 * 576 + 1000 * 2 * 64 + 2000 * 25;
        assertEquals(6 * 1e9 * tokens * 2, TrainingComputeCalculator.trainingFlops(w), 1e6);
    }

    @Test
    void clipUsesComponentTokenAccounting() {
        PublishedRun clip = PublishedRun.bundled().stream().filter(r -> r.id().startsWith("clip")).findFirst().orElseThrow();
        TrainingWorkload w = ReferenceWorkloads.of(clip);
        // CLIP paper: 400M pairs x 32 epochs; image tower 257 tokens per image, text tower 77 tokens per caption.
        double expected = 6 * 304e6 * 400e6 * 32 * 257 + 6 * 123e6 * 400e6 * 32 * 77;
        assertEquals(expected, TrainingComputeCalculator.trainingFlops(w), expected * 0.01);
        assertFalse(w.components().isEmpty());
    }

    @Test
    void deadlineRoundsAcceleratorsUp() {
        assertEquals(3, TrainingComputeCalculator.acceleratorsForDeadline(48.1, 1));
        assertEquals(2, TrainingComputeCalculator.acceleratorsForDeadline(48.0, 1));
    }
}
