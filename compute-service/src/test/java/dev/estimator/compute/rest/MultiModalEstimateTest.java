package dev.estimator.compute.rest;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A resolved LLaVA-1.5 13B scenario as catalog-service emits it, through POST /estimates (the consumer's code path):
 * stages, trainable and includeAttention are read and each stage is reported, against FLOPs computed by hand.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class MultiModalEstimateTest {

    // LLaVA-1.5 13B as the catalog resolves it: frozen ViT-L/14-336 (577 positions), projector (576 tokens handed on),
    // Vicuna-13B seeing the image tokens.
    static final double VIT = 303.5e6;
    static final double PROJECTOR = 31_467_520; // 1024 x 5120 + 5120 x 5120 weights, plus biases
    static final double LM = 13.016e9;

    static String llava(String training) {
        return """
                {"scenarioId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "resolvedAt": "2026-11-28T10:00:01Z",
                 "model": {"ref": "llava-1.5-13b", "architecture": "dense", "parameters": 13.35e9, "activeParameters": 13.35e9,
                           "layers": 40, "hiddenSize": 5120, "heads": 40, "kvHeads": 40, "contextLength": 2048,
                           "components": [
                             {"name": "vision-encoder", "modality": "image", "parameters": 303.5e6, "tokensPerInput": 577,
                              "inputsPerSample": 1, "trainable": false},
                             {"name": "projector", "modality": "image", "parameters": 31467520, "tokensPerInput": 576,
                              "inputsPerSample": 1, "trainable": true},
                             {"name": "language-model", "modality": "text", "parameters": 13.016e9, "inputsPerSample": 1,
                              "trainable": true, "sees": ["image"]}]},
                 "training": %s,
                 "hardware": {"accelerator": "nvidia-a100-80gb", "count": 8, "precision": "bf16", "peakFlops": 312e12,
                              "peakFlopsByPrecision": {"bf16": 312e12}, "memoryGb": 80, "bandwidthTbps": 2.039, "tdpWatts": 400}}
                """.formatted(UUID.randomUUID(), training);
    }

    @Test
    void twoStagesAreReportedAndSummed() {
        double align = 2 * VIT * 558_000 * 577 + 6 * PROJECTOR * 558_000 * 576 + 4 * LM * (1.116e7 + 558_000 * 576);
        double instruct = 2 * VIT * 624_000 * 577 + 6 * PROJECTOR * 624_000 * 576 + 6 * LM * (2e8 + 624_000 * 576);
        double hours = (align + instruct) / (312e12 * 0.4) / 3600;
        EstimateResourceTest.given().contentType(ContentType.JSON).body(llava("""
                {"tokens": 2.1116e8, "epochs": 1, "precision": "bf16", "utilization": 0.4,
                 "stages": [{"name": "align", "tokens": 1.116e7, "dataset": {"samples": 558000, "images": 558000},
                             "trainable": ["projector"]},
                            {"name": "instruct", "tokens": 2e8, "dataset": {"samples": 665000, "images": 624000},
                             "trainable": ["projector", "language-model"]}]}
                """)).post("/estimates").then().statusCode(200)
                .body("compute.stages.name", equalTo(java.util.List.of("align", "instruct")))
                .body("compute.stages[0].trainingFlops", closeTo(align, align * 1e-9))
                .body("compute.stages[1].trainingFlops", closeTo(instruct, instruct * 1e-9))
                .body("compute.trainingFlops", closeTo(align + instruct, (align + instruct) * 1e-9))
                .body("compute.gpuHours", closeTo(hours, hours * 1e-9))
                .body("compute.stages[1].wallClockDays", closeTo(instruct / (312e12 * 0.4) / 3600 / 8 / 24, 1e-6));
    }

    @Test
    void trainableOverridesTheDefaultsAndAttentionIsAdded() {
        // The example with the LM frozen (training.trainable: projector only): 4·N·T behind the trained projector.
        double tokens = 2e8 + 665_000 * 576;
        double frozenLm = 2 * VIT * 665_000 * 577 + 6 * PROJECTOR * 665_000 * 576 + 4 * LM * tokens;
        String body = """
                {"tokens": 2e8, "epochs": 1, "precision": "bf16", "utilization": 0.4, "trainable": ["projector"],
                 "dataset": {"images": 665000}}""";
        EstimateResourceTest.given().contentType(ContentType.JSON).body(llava(body)).post("/estimates").then().statusCode(200)
                .body("compute.trainingFlops", closeTo(frozenLm, frozenLm * 1e-9))
                .body("compute.stages[0].name", equalTo("training"));
        // PaLM's attention term, 12·L·d·ctx per token, at 4/6 for the frozen LM.
        double attention = 12.0 * 40 * 5120 * 2048 * tokens * 4 / 6;
        EstimateResourceTest.given().contentType(ContentType.JSON)
                .body(llava(body.replace("\"trainable\"", "\"includeAttention\": true, \"trainable\"")))
                .post("/estimates").then().statusCode(200)
                .body("compute.trainingFlops", closeTo(frozenLm + attention, (frozenLm + attention) * 1e-9));
        // Defaults (LM trained): the issue's ~4.6e19.
        EstimateResourceTest.given().contentType(ContentType.JSON).body(llava(body.replace("\"trainable\": [\"projector\"],", "")))
                .post("/estimates").then().statusCode(200)
                .body("compute.trainingFlops", closeTo(4.6e19, 0.05e19));
    }

    @Test
    void aStageNamingAnUnknownComponentIs400NamingIt() {
        EstimateResourceTest.given().contentType(ContentType.JSON).body(llava("""
                {"tokens": 1e7, "epochs": 1, "precision": "bf16", "stages": [{"name": "x", "tokens": 1e7, "trainable": ["vision"]},
                 {"name": "y", "trainable": ["projector"]}]}
                """)).post("/estimates").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("training.stages[0].trainable[0]"))
                .body("errors.find { it.field == 'training.stages[0].trainable[0]' }.message", containsString("vision-encoder"))
                .body("errors.field", hasItem("training.stages[1].tokens"));
        EstimateResourceTest.given().contentType(ContentType.JSON).body(llava("""
                {"tokens": 1e7, "epochs": 1, "precision": "bf16", "trainable": ["lm"]}""")).post("/estimates").then()
                .statusCode(400).body("errors.field", hasItem("training.trainable[0]"))
                .body("errors.find { it.field == 'training.stages[0].tokens' }", nullValue());
    }
}
