package dev.estimator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.stack.Demo;
import dev.estimator.stack.DevTokens;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.testing.KafkaTestClient;

/**
 * Issue #14 through the whole pipeline: a two-stage LLaVA-1.5 13B scenario submitted to the gateway, resolved by the
 * catalog (its components), computed per stage, priced, and read back; each stage and the total checked against FLOPs
 * computed by hand from the LLaVA-1.5 paper's architecture (arXiv:2310.03744). The same stages asked as the catalog's
 * published recipe give the same numbers.
 */
@ExtendWith(LocalStackExtension.class)
class MultiModalStagesIT {

    // The catalog's LLaVA-1.5 13B: CLIP ViT-L/14-336 (303.5M, 577 positions, frozen), projector 1024x5120 + 5120x5120
    // (weights and biases of both layers; 576 tokens per image handed on), Vicuna-13B (13.016B) seeing the image tokens.
    static final double VIT = 303.5e6;
    static final double PROJECTOR = 1024 * 5120 + 5120 + 5120 * 5120 + 5120; // 31,467,520
    static final double LM = 13.016e9;
    static final double ALIGN_PAIRS = 558_000;
    static final double ALIGN_TEXT = 558_000 * 20.0;
    static final double INSTRUCT_IMAGES = 624_000;
    static final double INSTRUCT_TEXT = 2e8;
    /** A100 bf16 dense peak x the utilization the scenario gives. */
    static final double SUSTAINED = 312e12 * 0.4;

    static final String STAGES = """
            {"name": "LLaVA-1.5 13B, two stages", "model": {"ref": "llava-1.5-13b"},
             "training": {"utilization": 0.4, "stages": [
               {"name": "align", "tokens": 1.116e7, "dataset": {"samples": 558000, "images": 558000}, "trainable": ["projector"]},
               {"name": "instruct", "tokens": 2e8, "dataset": {"samples": 665000, "images": 624000},
                "trainable": ["projector", "language-model"]}]},
             "hardware": {"accelerator": "nvidia-a100-80gb", "count": 8},
             "pricing": {"model": "on-demand", "currency": "USD"}, "serving": {"tokensPerDay": 0, "months": 0},
             "programme": {"experimentMultiplier": 0}}""";

    static final String RECIPE = """
            {"name": "LLaVA-1.5 13B, published recipe", "model": {"ref": "llava-1.5-13b"},
             "training": {"utilization": 0.4, "recipe": "published"},
             "hardware": {"accelerator": "nvidia-a100-80gb", "count": 8},
             "pricing": {"model": "on-demand", "currency": "USD"}, "serving": {"tokensPerDay": 0, "months": 0},
             "programme": {"experimentMultiplier": 0}}""";

    /** What each stage published, to say where a scenario stopped. */
    private static String topics(LocalStack stack) {
        StringBuilder out = new StringBuilder();
        try (KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers())) {
            for (String topic : new String[] { "scenarios.resolved", "scenarios.computed", "scenarios.rejected", "estimates",
                    "scenarios.resolved.dlq", "scenarios.computed.dlq" }) {
                var records = kafka.readAll(topic, r -> true, Duration.ofSeconds(5));
                out.append(topic).append(": ").append(records.size()).append(' ');
                records.forEach(r -> out.append(r.value(), 0, Math.min(1500, r.value().length())).append('\n'));
            }
        } catch (RuntimeException | AssertionError e) {
            out.append(e);
        }
        return out.toString();
    }

    private static String analystToken() {
        return DevTokens.mint(Path.of(System.getProperty("estimator.root", "../..")), "analyst");
    }

    @Test
    void aTwoStageLlavaScenarioIsEstimatedPerStage(LocalStack stack) throws Exception {
        // align: frozen ViT forward only, projector trained, LM frozen behind it (4·N·T over captions and image tokens).
        double align = 2 * VIT * ALIGN_PAIRS * 577 + 6 * PROJECTOR * ALIGN_PAIRS * 576
                + 4 * LM * (ALIGN_TEXT + ALIGN_PAIRS * 576);
        // instruct: projector and LM trained, the LM over the text and 576 tokens per image.
        double instruct = 2 * VIT * INSTRUCT_IMAGES * 577 + 6 * PROJECTOR * INSTRUCT_IMAGES * 576
                + 6 * LM * (INSTRUCT_TEXT + INSTRUCT_IMAGES * 576);
        Demo demo = new Demo(stack.url(LocalStack.GATEWAY), System.out, analystToken());
        for (String request : new String[] { STAGES, RECIPE }) {
            JsonNode finished;
            try {
                finished = demo.submitAndWait(request, Duration.ofSeconds(180));
            } catch (IllegalStateException e) {
                throw new AssertionError(e.getMessage() + "; on the topics: " + topics(stack), e);
            }
            assertEquals("COMPLETED", finished.get("status").asText(), finished.toString());
            JsonNode compute = finished.at("/estimate/compute");
            JsonNode stages = compute.get("stages");
            assertEquals(2, stages.size(), compute.toString());
            assertEquals("align", stages.get(0).get("name").asText());
            assertEquals("instruct", stages.get(1).get("name").asText());
            assertEquals(align, stages.get(0).get("trainingFlops").asDouble(), align * 1e-9);
            assertEquals(instruct, stages.get(1).get("trainingFlops").asDouble(), instruct * 1e-9);
            assertEquals(align + instruct, compute.get("trainingFlops").asDouble(), (align + instruct) * 1e-9);
            assertEquals((align + instruct) / 8.64e19, compute.get("pfDays").asDouble(), (align + instruct) / 8.64e19 * 1e-9);
            double alignHours = align / SUSTAINED / 3600;
            double instructHours = instruct / SUSTAINED / 3600;
            assertEquals(alignHours, stages.get(0).get("gpuHours").asDouble(), alignHours * 1e-9);
            assertEquals(instructHours, stages.get(1).get("gpuHours").asDouble(), instructHours * 1e-9);
            assertEquals(instructHours / 8 / 24, stages.get(1).get("wallClockDays").asDouble(), 1e-9);
            assertEquals(alignHours + instructHours, compute.get("gpuHours").asDouble(), (alignHours + instructHours) * 1e-9);
        }
    }
}
