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
        if (run.id().toLowerCase(Locale.ROOT).startsWith("llava-1.5-")) {
            // The model's numbers (parameters, components); its FLOPs are those of all its stages.
            return stages(run).get(1).workload();
        }
        double active = Double.isNaN(run.paramsActive()) ? run.paramsTotal() : run.paramsActive();
        return TrainingWorkload.languageModel(active, run.paramsTotal(), run.tokens(), 1);
    }

    /**
     * LLaVA-1.5 (Liu et al. 2023, arXiv:2310.03744, section 4 and Table 7; the LLaVA repository's training notes): CLIP
     * ViT-L/14 at 336 px (577 positions, frozen throughout), a 2-layer MLP projector handing 576 tokens per image to
     * Vicuna-v1.5. Stage align: 558K image-caption pairs (LCS-558K), projector only, 1 epoch; stage instruct: the 665K mix
     * (624K with an image; about 41K ShareGPT conversations are text only), projector and LM, 1 epoch. The papers give no
     * text token counts: align ~20 caption tokens per pair (short BLIP captions), instruct 2e8 (~300 per sample) are
     * this project's estimates, stated as such in docs/method/compute.md.
     */
    static final double LLAVA_ALIGN_PAIRS = 558_000;
    static final double LLAVA_ALIGN_TEXT_TOKENS = 558_000 * 20.0;
    static final double LLAVA_INSTRUCT_IMAGES = 624_000;
    static final double LLAVA_INSTRUCT_TEXT_TOKENS = 2e8;
    static final double LLAVA_VIT = 303.5e6;

    /**
     * The stages of a published run: one for most, the published recipe for the runs decomposed here. Their FLOPs sum to
     * the run's ({@link #flops(PublishedRun)}).
     */
    public static List<TrainingStage> stages(PublishedRun run) {
        String id = run.id().toLowerCase(Locale.ROOT);
        if (id.startsWith("llava-1.5-")) {
            // Vicuna-7B: 6.74B, hidden 4096; Vicuna-13B: 13.0B, hidden 5120; projector 1024 x d + d x d.
            double d = id.contains("13b") ? 5120 : 4096;
            double projector = 1024 * d + d + d * d + d;
            double lm = run.paramsTotal() - LLAVA_VIT - projector;
            List<ModelComponent> align = List.of(new ModelComponent("vision-encoder", LLAVA_VIT, 577, 1, false, "image"),
                    new ModelComponent("projector", projector, 576, 1, true, "image"),
                    new ModelComponent("language-model", lm, 0, 1, false, "text", List.of("text", "image"), 0, 0));
            List<ModelComponent> instruct = List.of(align.get(0), align.get(1), align.get(2).withTrainable(true));
            double total = LLAVA_VIT + projector + lm;
            return List.of(
                    new TrainingStage("align", new TrainingWorkload(total, total, LLAVA_ALIGN_TEXT_TOKENS, 1, align,
                            LLAVA_ALIGN_PAIRS, 576, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, false)),
                    new TrainingStage("instruct", new TrainingWorkload(total, total, LLAVA_INSTRUCT_TEXT_TOKENS, 1, instruct,
                            LLAVA_INSTRUCT_IMAGES, 576, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, false)));
        }
        return List.of(new TrainingStage(TrainingStage.DEFAULT_NAME, of(run)));
    }

    /** Training FLOPs of a published run: the sum of its stages. */
    public static double flops(PublishedRun run) {
        return stages(run).stream().mapToDouble(s -> TrainingComputeCalculator.trainingFlops(s.workload())).sum();
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
