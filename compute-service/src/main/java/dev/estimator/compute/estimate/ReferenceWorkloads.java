package dev.estimator.compute.estimate;

import java.util.List;
import java.util.Locale;

/**
 * The training workload of a published run. Language models are 6·N·D over their tokens (MoE: active
 * parameters). Multi-modal runs whose CSV row gives no token count are decomposed here, from their papers.
 */
public final class ReferenceWorkloads {

    private ReferenceWorkloads() {
    }

    /**
     * CLIP ViT-L/14 (Radford et al. 2021, sections 2.4-2.5 and Table 20): 400M image-text pairs seen 32
     * times; the image tower is a ViT-L/14 (~304M parameters) that turns a 224 px image into 16x16 patches
     * + 1 class token = 257 tokens; the text tower is a 12-layer 768-wide transformer (~123M) over 76 BPE
     * tokens + end token = 77. Both towers train from scratch (6·N·T each).
     */
    static final double CLIP_PAIRS = 400e6;
    static final double CLIP_EPOCHS = 32;
    static final double CLIP_IMAGE_TOWER = 304e6;
    static final double CLIP_TEXT_TOWER = 123e6;

    public static TrainingWorkload of(PublishedRun run) {
        if (run.id().toLowerCase(Locale.ROOT).startsWith("clip-")) {
            List<ModelComponent> towers = List.of(
                    new ModelComponent("image tower (ViT-L/14)", CLIP_IMAGE_TOWER, 257, 1, true, "image"),
                    new ModelComponent("text tower", CLIP_TEXT_TOWER, 77, 1, true, "text"));
            // Text tokens of the text tower: 77 per pair. The backbone (the rest: projections) is negligible.
            return new TrainingWorkload(CLIP_IMAGE_TOWER + CLIP_TEXT_TOWER, run.paramsTotal(), CLIP_PAIRS * 77, CLIP_EPOCHS,
                    towers, CLIP_PAIRS, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        }
        double active = Double.isNaN(run.paramsActive()) ? run.paramsTotal() : run.paramsActive();
        return TrainingWorkload.languageModel(active, run.paramsTotal(), run.tokens(), 1);
    }

    public static boolean isMoe(PublishedRun run) {
        return "moe".equalsIgnoreCase(run.kind())
                || (!Double.isNaN(run.paramsActive()) && run.paramsActive() < run.paramsTotal() * 0.9);
    }

    /** Runs whose notes say FP8 used FP8 GEMMs; the rest trained in 16-bit. */
    public static boolean isFp8(PublishedRun run) {
        return run.notes() != null && run.notes().toLowerCase(Locale.ROOT).contains("fp8");
    }

    /** The backbone size that drives GEMM efficiency: the largest component for multi-modal runs. */
    public static double sizeForEfficiency(TrainingWorkload w) {
        double largest = 0;
        double componentSum = 0;
        for (ModelComponent c : w.components()) {
            largest = Math.max(largest, c.parameters());
            componentSum += c.parameters();
        }
        return Math.max(largest, w.activeParameters() - componentSum);
    }
}
