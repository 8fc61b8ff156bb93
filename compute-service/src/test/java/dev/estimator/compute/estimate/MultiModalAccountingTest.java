package dev.estimator.compute.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each multi-modal accounting rule against FLOPs computed by hand (docs/method/compute.md, Training FLOPs and Stages):
 * every expected value below is written out as the sum of its 2·N·T, 4·N·T and 6·N·T terms.
 */
class MultiModalAccountingTest {

    // LLaVA-1.5 13B (Liu et al. 2023, arXiv:2310.03744): CLIP ViT-L/14 at 336 px (24x24 patches + class token = 577
    // positions), a 2-layer MLP projector (1024x5120 + 5120x5120 = 31.5M) handing 576 tokens per image to Vicuna-13B.
    static final double VIT = 303.5e6;
    static final double PROJECTOR = 31.5e6;
    static final double LM = 13.016e9;

    static List<ModelComponent> llava(boolean vit, boolean projector, boolean lm) {
        return List.of(
                new ModelComponent("vision-encoder", VIT, 577, 1, vit, "image"),
                new ModelComponent("projector", PROJECTOR, 576, 1, projector, "image"),
                new ModelComponent("language-model", LM, 0, 1, lm, "text", List.of("text", "image"), 0, 0));
    }

    static TrainingWorkload workload(List<ModelComponent> components, double textTokens, double images) {
        double total = components.stream().mapToDouble(ModelComponent::parameters).sum();
        return new TrainingWorkload(total, total, textTokens, 1, components, images, 256, 0, 1, 256, 0, 50, 0, 0, 0, false);
    }

    @Test
    void imageTokensPassThroughTheLanguageModel() {
        // The example: 665,000 images and 2e8 text tokens, LLaVA-1.5 13B with its default trainable set.
        double images = 665_000;
        double text = 2e8;
        double expected = 2 * VIT * images * 577 // frozen encoder at the input: forward only
                + 6 * PROJECTOR * images * 576 // trained projector
                + 6 * LM * (text + images * 576); // trained LM over the text AND the 576 image tokens per image
        double flops = TrainingComputeCalculator.trainingFlops(workload(llava(false, true, true), text, images));
        assertEquals(expected, flops, expected * 1e-12);
        // About 4.6e19 from first principles; the old accounting (LM over text tokens only) gave 1.59e19.
        assertEquals(4.6e19, flops, 0.05e19);
    }

    @Test
    void frozenComponentBehindATrainableOneCostsFourNTElseTwoNT() {
        double images = 1e6;
        double text = 1e8;
        double lmTokens = text + images * 576;
        // Frozen LM behind a trained projector (LLaVA's align stage, BLIP-2, Qwen-VL stage 1): the activation gradients
        // pass back through it to the projector: 4·N·T.
        double behindTrainable = 2 * VIT * images * 577 + 6 * PROJECTOR * images * 576 + 4 * LM * lmTokens;
        assertEquals(behindTrainable, TrainingComputeCalculator.trainingFlops(workload(llava(false, true, false), text, images)),
                behindTrainable * 1e-12);
        // Everything frozen but the vision encoder... which lies before the projector and the LM: both 4·N·T.
        double encoderTrained = 6 * VIT * images * 577 + 4 * PROJECTOR * images * 576 + 4 * LM * lmTokens;
        assertEquals(encoderTrained, TrainingComputeCalculator.trainingFlops(workload(llava(true, false, false), text, images)),
                encoderTrained * 1e-12);
        // Nothing trainable before the frozen LM (only a later text head is trained): forward only, 2·N·T.
        var head = new ModelComponent("head", 1e6, 0, 1, true, "text");
        List<ModelComponent> headLast = List.of(llava(false, false, false).get(0), llava(false, false, false).get(1),
                llava(false, false, false).get(2), head);
        double forwardOnly = 2 * VIT * images * 577 + 2 * PROJECTOR * images * 576 + 2 * LM * lmTokens + 6 * 1e6 * text;
        assertEquals(forwardOnly, TrainingComputeCalculator.trainingFlops(workload(headLast, text, images)), forwardOnly * 1e-12);
    }

    @Test
    void whisperCountsFifteenHundredTokensPerThirtySecondWindow() {
        // Whisper (Radford et al. 2022, section 2.2): 30 s of audio -> 3,000 mel frames -> 1,500 encoder positions,
        // i.e. 50 tokens per second; the decoder sees only the text (cross-attention to the audio).
        var encoder = new ModelComponent("audio-encoder", 635e6, 1500, 1, true, "audio", List.of(), 30, 0);
        var decoder = new ModelComponent("text-decoder", 907e6, 0, 1, true, "text");
        double hours = 1000;
        double seconds = hours * 3600;
        double text = 1e7;
        var w = new TrainingWorkload(1.542e9, 1.542e9, text, 1, List.of(encoder, decoder), 0, 0, 0, 0, 0, seconds, 0, 0, 0, 0,
                false);
        double expected = 6 * 635e6 * (seconds / 30 * 1500) + 6 * 907e6 * text;
        assertEquals(expected, TrainingComputeCalculator.trainingFlops(w), expected * 1e-12);
        assertEquals(6 * 635e6 * seconds * 50 + 6 * 907e6 * text, expected, 1);
    }

    @Test
    void stableDiffusionsFrozenVaeAndTextEncoderAreForwardOnly() {
        // Latent diffusion (Rombach et al. 2022): the frozen VAE encodes 512 px images into a 64x64 latent BEFORE the
        // UNet; the frozen CLIP text encoder (77 tokens) conditions it. Nothing trained before either: 2·N·T each.
        var vae = new ModelComponent("autoencoder", 34e6, 4096, 1, false, "image");
        var textEncoder = new ModelComponent("text-encoder", 123e6, 77, 1, false, "text");
        var unet = new ModelComponent("unet", 860e6, 4096, 1, true, "image");
        double images = 1e6;
        var w = new TrainingWorkload(1.017e9, 1.017e9, images * 77, 1, List.of(vae, textEncoder, unet), images, 0, 0, 0, 0, 0,
                0, 0, 0, 0, false);
        double expected = 2 * 34e6 * images * 4096 + 2 * 123e6 * images * 77 + 6 * 860e6 * images * 4096;
        assertEquals(expected, TrainingComputeCalculator.trainingFlops(w), expected * 1e-12);
    }

    @Test
    void inputsPerSampleTurnsSamplesIntoImagesAndTextTokens() {
        // 1M samples of 2 images each (inputsPerSample 2) with 77 caption tokens each.
        var image = new ModelComponent("image-encoder", 300e6, 257, 2, true, "image");
        var text = new ModelComponent("text-encoder", 120e6, 77, 1, true, "text");
        var w = new TrainingWorkload(420e6, 420e6, 0, 1, List.of(image, text), 0, 256, 0, 1, 256, 0, 50, 0, 0, 0, false, 1e6,
                true);
        double expected = 6 * 300e6 * (1e6 * 2 * 257) + 6 * 120e6 * (1e6 * 77);
        assertEquals(expected, TrainingComputeCalculator.trainingFlops(w), expected * 1e-12);
    }

    @Test
    void videoComponentWithAClipWindowCountsItsTokensPerClip() {
        // CogVideoX (Yang et al. 2024): a 49-frame 8 fps clip (6.125 s) becomes 13 x 60 x 90 / 4 = 17,550 tokens.
        var vae = new ModelComponent("3d-vae", 240e6, 17_550, 1, false, "video", List.of(), 6.125, 0);
        var dit = new ModelComponent("transformer", 5.6e9, 17_550, 1, true, "video", List.of(), 6.125, 0);
        double seconds = 6.125 * 1e6; // a million clips
        var w = new TrainingWorkload(5.84e9, 5.84e9, 0, 1, List.of(vae, dit), 0, 0, seconds, 1, 256, 0, 0, 0, 0, 0, false);
        double expected = 2 * 240e6 * 1e6 * 17_550 + 6 * 5.6e9 * 1e6 * 17_550;
        assertEquals(expected, TrainingComputeCalculator.trainingFlops(w), expected * 1e-12);
    }

    @Test
    void stagesAreEstimatedApartAndSummed() {
        // LLaVA-1.5 13B: align (558K pairs, projector only) then instruct (665K samples, projector and LM) on 8 A100s
        // at a given 40% of the 312 TFLOP/s bf16 peak.
        double alignText = 558_000 * 60.0;
        var align = new TrainingStage("align", workload(llava(false, true, false), alignText, 558_000));
        var instruct = new TrainingStage("instruct", workload(llava(false, true, true), 2e8, 665_000));
        double alignFlops = 2 * VIT * 558_000 * 577 + 6 * PROJECTOR * 558_000 * 576 + 4 * LM * (alignText + 558_000 * 576);
        double instructFlops = 2 * VIT * 665_000 * 577 + 6 * PROJECTOR * 665_000 * 576 + 6 * LM * (2e8 + 665_000 * 576);
        var a100 = new AcceleratorSpec("nvidia-a100-80gb", Map.of("bf16", 312e12), 80, 2.0, 400);
        var in = new ScenarioInput(instruct.workload(), false, ModelShape.of(LM, 40, 5120, 40, 40, 2048), a100, "bf16", 312e12, 0.4,
                8, null, 0, 1.1, 0.385, 100_000, List.of(align, instruct));
        ComputeResult r = new ComputeEstimator(EfficiencyProfiles.bundled()).estimate(in);
        assertEquals(2, r.stages().size());
        assertEquals("align", r.stages().get(0).name());
        assertEquals(alignFlops, r.stages().get(0).trainingFlops(), alignFlops * 1e-12);
        assertEquals(instructFlops, r.stages().get(1).trainingFlops(), instructFlops * 1e-12);
        assertEquals(alignFlops + instructFlops, r.trainingFlops(), (alignFlops + instructFlops) * 1e-12);
        double instructHours = instructFlops / (312e12 * 0.4) / 3600;
        assertEquals(instructHours, r.stages().get(1).gpuHours(), instructHours * 1e-9);
        assertEquals(instructHours / 8 / 24, r.stages().get(1).wallClockDays(), 1e-9);
        assertEquals((alignFlops + instructFlops) / (312e12 * 0.4) / 3600, r.gpuHours(), r.gpuHours() * 1e-9);
        assertEquals(TrainingComputeCalculator.pfDays(alignFlops), r.stages().get(0).pfDays(), 1e-9);
    }

    @Test
    void aScenarioWithoutStagesIsOneStageNamedTraining() {
        var in = new ScenarioInput(TrainingWorkload.languageModel(7e9, 7e9, 1e9, 1), false, ModelShape.of(7e9, null, null, null,
                null, null), new AcceleratorSpec("nvidia-a100-80gb", Map.of("bf16", 312e12), 80, 2.0, 400), "bf16", 312e12, 0.5,
                null, null, 0, 1.1, 0.385, 100_000);
        ComputeResult r = new ComputeEstimator(EfficiencyProfiles.bundled()).estimate(in);
        assertEquals(1, r.stages().size());
        assertEquals(TrainingStage.DEFAULT_NAME, r.stages().get(0).name());
        assertEquals(6 * 7e9 * 1e9, r.stages().get(0).trainingFlops(), 1);
        assertNull(r.stages().get(0).wallClockDays());
    }

    @Test
    void attentionTermOfAFrozenLanguageModelScalesLikeItsWeights() {
        // 12·L·d·ctx per token (PaLM appendix B) is a trained token's cost; a frozen LM behind a trained projector runs
        // forward and activation-backward only: 4/6 of it.
        double images = 1e5;
        double text = 1e7;
        double tokens = text + images * 576;
        double attention = 12.0 * 40 * 5120 * 2048 * tokens;
        double total = VIT + PROJECTOR + LM;
        var frozen = new TrainingWorkload(total, total, text, 1, llava(false, true, false), images, 256, 0, 1, 256, 0, 50, 40, 5120,
                2048, true);
        double weights = 2 * VIT * images * 577 + 6 * PROJECTOR * images * 576 + 4 * LM * tokens;
        assertEquals(weights + attention * 4 / 6, TrainingComputeCalculator.trainingFlops(frozen), (weights + attention) * 1e-12);
    }

    @Test
    void llavaBacktestRowsAreTheirTwoStages() {
        PublishedRun llava = PublishedRun.bundled().stream().filter(r -> r.id().equals("llava-1.5-13b")).findFirst().orElseThrow();
        List<TrainingStage> stages = ReferenceWorkloads.stages(llava);
        assertEquals(List.of("align", "instruct"), stages.stream().map(TrainingStage::name).toList());
        double projector = 1024 * 5120 + 5120 + 5120 * 5120 + 5120;
        double lm = 13.35e9 - 303.5e6 - projector;
        double align = 2 * 303.5e6 * 558_000 * 577 + 6 * projector * 558_000 * 576 + 4 * lm * (558_000 * 20.0 + 558_000 * 576);
        double instruct = 2 * 303.5e6 * 624_000 * 577 + 6 * projector * 624_000 * 576 + 6 * lm * (2e8 + 624_000 * 576);
        assertEquals(align + instruct, ReferenceWorkloads.flops(llava), (align + instruct) * 1e-12);
        // Both LLaVA-1.5 rows are multi-modal backtest rows with the README's hours: (5.5 + 20) x 8 and (3.5 + 10) x 8.
        var rows = Backtest.run(PublishedRun.bundled()).runs().stream().filter(r -> r.id().startsWith("llava-1.5-")).toList();
        assertEquals(2, rows.size());
        for (var row : rows) {
            assertEquals("multimodal", row.modality(), row.id());
            assertEquals(row.id().contains("13b") ? 204.0 : 108.0, row.publishedGpuHours(), 0, row.id());
            assertEquals(ReferenceWorkloads.flops(PublishedRun.bundled().stream().filter(r -> r.id().equals(row.id())).findFirst()
                    .orElseThrow()), row.estimatedPfDays() * TrainingComputeCalculator.FLOP_PER_PF_DAY, align * 1e-9, row.id());
        }
    }
}
