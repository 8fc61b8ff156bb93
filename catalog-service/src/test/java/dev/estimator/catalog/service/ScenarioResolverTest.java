package dev.estimator.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.ScenarioRejected.FieldError;
import dev.estimator.catalog.event.ScenarioResolved;
import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.repository.Accelerator;
import dev.estimator.catalog.repository.Model;

/** Every validation case of the resolver, on the real seed data, without I/O. */
class ScenarioResolverTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static Map<String, Model> models;
    static Map<String, Accelerator> accelerators;
    final ScenarioResolver resolver = new ScenarioResolver(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    @BeforeAll
    static void loadSeed() throws Exception {
        try (InputStream m = ScenarioResolverTest.class.getResourceAsStream("/seed/models.json");
                InputStream a = ScenarioResolverTest.class.getResourceAsStream("/seed/accelerators.json")) {
            models = JSON.<List<Model>>readValue(m, new TypeReference<>() {
            }).stream().collect(Collectors.toMap(x -> x.id, Function.identity()));
            accelerators = JSON.<List<Accelerator>>readValue(a, new TypeReference<>() {
            }).stream().collect(Collectors.toMap(x -> x.id, Function.identity()));
        }
    }

    ScenarioResolver.Result resolve(String json) throws Exception {
        ScenarioSubmitted s = JSON.readValue(json, ScenarioSubmitted.class);
        String ref = s.model() == null ? null : s.model().ref();
        String acc = s.hardware() == null ? null : s.hardware().accelerator();
        return resolver.resolve(s, new ScenarioResolver.Lookup(ref == null ? null : models.get(ref), List.copyOf(models.keySet()),
                acc == null ? null : accelerators.get(acc), List.copyOf(accelerators.keySet())));
    }

    static String scenario(String model, String training, String hardware) {
        return """
                {"scenarioId": "s1", "name": "n", "model": %s, "training": %s, "hardware": %s}
                """.formatted(model, training, hardware);
    }

    ScenarioResolved resolved(String json) throws Exception {
        return assertInstanceOf(ScenarioResolver.Resolved.class, resolve(json)).event();
    }

    List<FieldError> rejected(String json) throws Exception {
        return assertInstanceOf(ScenarioResolver.Rejected.class, resolve(json)).errors();
    }

    static FieldError only(List<FieldError> errors, String field) {
        List<FieldError> matching = errors.stream().filter(e -> e.field().equals(field)).toList();
        assertEquals(1, matching.size(), () -> "expected one error on " + field + " in " + errors);
        return matching.get(0);
    }

    @Test
    void modelRefResolvesToTheCatalogArchitecture() throws Exception {
        ScenarioResolved r = resolved(scenario("{\"ref\": \"llama-2-70b\"}", "{\"tokens\": 2.0e12}",
                "{\"accelerator\": \"nvidia-a100-80gb\", \"count\": 2048}"));
        // Llama 2 paper Table 1 / model card: 70B, 80 layers, d=8192, 64 heads, GQA with 8 KV heads, 4k context.
        assertEquals("llama-2-70b", r.model().ref());
        assertEquals(70e9, r.model().parameters());
        assertEquals(70e9, r.model().activeParameters());
        assertEquals(80, r.model().layers());
        assertEquals(8192, r.model().hiddenSize());
        assertEquals(8, r.model().kvHeads());
        assertEquals(4096, r.model().contextLength());
        // A100 datasheet: 312 TFLOPS dense bf16, 80 GB, 2.039 TB/s, 400 W.
        assertEquals("bf16", r.hardware().precision());
        assertEquals(312e12, r.hardware().peakFlops(), 1);
        assertEquals(624e12, r.hardware().peakFlopsByPrecision().get("int8"), 1);
        assertEquals(80.0, r.hardware().memoryGb());
        assertEquals(400.0, r.hardware().tdpWatts());
        assertEquals(2048, r.hardware().count());
    }

    @Test
    void moeModelCarriesActiveParameters() throws Exception {
        ScenarioResolved r = resolved(scenario("{\"ref\": \"deepseek-v3\"}", "{\"precision\": \"fp8\"}",
                "{\"accelerator\": \"nvidia-h800\"}"));
        // DeepSeek-V3 report: 671B total, 37B activated per token, 14.8T tokens, FP8 training on H800.
        assertEquals("moe", r.model().architecture());
        assertEquals(671e9, r.model().parameters());
        assertEquals(37e9, r.model().activeParameters());
        assertEquals(14.8e12, r.training().tokens(), "missing tokens take the catalog's published count");
        assertEquals(1978.9e12, r.hardware().peakFlops(), 1e9);
        assertEquals(400.0, r.hardware().interconnectGbps());
    }

    @Test
    void multiModalModelCarriesItsComponents() throws Exception {
        ScenarioResolved r = resolved(scenario("{\"ref\": \"clip-vit-l-14\"}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"nvidia-v100-32gb\"}"));
        // CLIP paper: ViT-L/14 image tower (~304M, 257 tokens at 224 px) and text tower (~123M, 77 tokens).
        assertEquals(2, r.model().components().size());
        assertEquals(304e6, r.model().components().get(0).get("parameters").asDouble());
        assertEquals(257, r.model().components().get(0).get("tokensPerInput").asInt());
        assertEquals(77, r.model().components().get(1).get("tokensPerInput").asInt());
        assertEquals("fp16", r.hardware().precision(), "V100 has no bf16");
    }

    @Test
    void unknownModelIsRejectedWithASuggestion() throws Exception {
        FieldError e = only(rejected(scenario("{\"ref\": \"llama-2-70\"}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"nvidia-h100-sxm\"}")), "model.ref");
        assertTrue(e.message().contains("did you mean 'llama-2-70b'"), e.message());
    }

    @Test
    void unknownAcceleratorIsRejectedWithASuggestion() throws Exception {
        FieldError e = only(rejected(scenario("{\"ref\": \"llama-7b\"}", "{}", "{\"accelerator\": \"amd-mi300\"}")),
                "hardware.accelerator");
        assertTrue(e.message().contains("did you mean 'amd-mi300x'"), e.message());
    }

    @Test
    void precisionTheAcceleratorLacksIsRejected() throws Exception {
        FieldError e = only(rejected(scenario("{\"ref\": \"llama-7b\"}", "{\"precision\": \"bf16\"}",
                "{\"accelerator\": \"nvidia-v100-32gb\"}")), "training.precision");
        assertTrue(e.message().contains("no published bf16"), e.message());
        only(rejected(scenario("{\"ref\": \"llama-7b\"}", "{\"precision\": \"fp8\"}", "{\"accelerator\": \"google-tpu-v5p\"}")),
                "training.precision");
        only(rejected(scenario("{\"ref\": \"llama-7b\"}", "{\"precision\": \"fp12\"}", "{\"accelerator\": \"nvidia-h100-sxm\"}")),
                "training.precision");
    }

    @Test
    void numbersTheEventCannotCarryAreRejected() throws Exception {
        String hw = "{\"accelerator\": \"nvidia-h100-sxm\"}";
        // Jackson reads "NaN" and "Infinity" into a Double: neither is a JSON number, so neither may be passed on.
        assertTrue(only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": \"NaN\"}", hw)), "training.tokens")
                .message().contains("NaN"));
        only(rejected(scenario("{\"parameters\": \"Infinity\"}", "{\"tokens\": 1e12}", hw)), "model.parameters");
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12, \"epochs\": \"NaN\"}", hw)), "training.epochs");
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12, \"utilization\": \"NaN\"}", hw)),
                "training.utilization");
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"nvidia-h100-sxm\", \"deadlineDays\": \"Infinity\"}")), "hardware.deadlineDays");
        // The resolved event carries a whole number of accelerators.
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 2.5}")), "hardware.count");
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12}",
                "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 1e12}")), "hardware.count");
    }

    @Test
    void whatResolutionReadsMustBeThere() throws Exception {
        String hw = "{\"accelerator\": \"nvidia-h100-sxm\"}";
        only(rejected(scenario("null", "{\"tokens\": 1e12}", hw)), "model");
        only(rejected(scenario("{\"architecture\": \"dense\"}", "{\"tokens\": 1e12}", hw)), "model.parameters");
        // Only the request can say how many parameters a token of a moe model activates.
        only(rejected(scenario("{\"parameters\": 47e9, \"architecture\": \"moe\"}", "{\"tokens\": 1e12}", hw)),
                "model.activeParameters");
        only(rejected(scenario("{\"parameters\": 7e9, \"architecture\": \"sparse\"}", "{\"tokens\": 1e12}", hw)),
                "model.architecture");
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"tokens\": 1e12}", "{\"count\": 8}")), "hardware.accelerator");
        // Components are summed when the total is absent: each must be an object with a numeric parameter count.
        only(rejected(scenario("{\"components\": {\"name\": \"vision\"}}", "{\"tokens\": 1e12}", hw)), "model.components");
        only(rejected(scenario("{\"components\": [7]}", "{\"tokens\": 1e12}", hw)), "model.components[0]");
        only(rejected(scenario("{\"components\": [{\"name\": \"vision\", \"parameters\": \"big\"}]}",
                "{\"tokens\": 1e12}", hw)), "model.components[0].parameters");
    }

    @Test
    void theGatewaysLimitsAreNotJudgedAgain() throws Exception {
        // The gateway validates the public request against its limits (e.g. training.epochs <= 1,000) before it is
        // submitted; this stage resolves what it is given and passes the numbers on unchanged.
        ScenarioResolved r = resolved(scenario("{\"parameters\": 7e9, \"activeParameters\": 8e9, \"kvHeads\": 64, \"heads\": 32}",
                "{\"tokens\": 1e18, \"epochs\": 5000, \"utilization\": 1.5}",
                "{\"accelerator\": \"nvidia-h100-sxm\", \"count\": 20000000, \"deadlineDays\": 50000}"));
        assertEquals(5000, r.training().epochs());
        assertEquals(1e18, r.training().tokens());
        assertEquals(1.5, r.training().utilization());
        assertEquals(8e9, r.model().activeParameters());
        assertEquals(20_000_000, r.hardware().count());
        assertEquals(50000, r.hardware().deadlineDays());
    }

    @Test
    void inlineComponentsWithoutATotalSumUp() throws Exception {
        ScenarioResolved r = resolved(scenario("""
                {"components": [{"name": "vision", "parameters": 3.04e8, "tokensPerInput": 257, "trainable": false},
                                {"name": "llm", "parameters": 7e9, "tokensPerInput": 576}]}""",
                "{\"tokens\": 1e11}", "{\"accelerator\": \"nvidia-a100-40gb\"}"));
        assertEquals(7.304e9, r.model().parameters(), 1);
    }

    @Test
    void missingTokensAreRejectedUnlessTheCatalogKnowsThem() throws Exception {
        String hw = "{\"accelerator\": \"nvidia-h100-sxm\"}";
        // Mixtral's training token count was never published.
        FieldError e = only(rejected(scenario("{\"ref\": \"mixtral-8x7b\"}", "{}", hw)), "training.tokens");
        assertTrue(e.message().contains("is required"), e.message());
        only(rejected(scenario("{\"parameters\": 7e9}", "{\"epochs\": 1}", hw)), "training.tokens");
        only(rejected(scenario("{\"parameters\": 7e9}", "null", hw)), "training.tokens");
        // GPT-3 paper: 300B tokens.
        assertEquals(300e9, resolved(scenario("{\"ref\": \"gpt-3-175b\"}", "null", hw)).training().tokens());
    }

    @Test
    void modelWithoutPublishedParametersCannotBeReferenced() throws Exception {
        // Every seeded model now has a count (BLIP's was added for issue #14); an admin may still add one without.
        Model unpublished = new Model();
        unpublished.id = "unpublished-vlm";
        unpublished.name = "Unpublished";
        unpublished.architecture = "dense";
        ScenarioSubmitted s = JSON.readValue(scenario("{\"ref\": \"unpublished-vlm\"}", "{\"tokens\": 1e9}",
                "{\"accelerator\": \"nvidia-h100-sxm\"}"), ScenarioSubmitted.class);
        var result = resolver.resolve(s, new ScenarioResolver.Lookup(unpublished, List.of("unpublished-vlm"),
                accelerators.get("nvidia-h100-sxm"), List.copyOf(accelerators.keySet())));
        only(assertInstanceOf(ScenarioResolver.Rejected.class, result).errors(), "model.ref");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        List<FieldError> errors = rejected(scenario("{\"ref\": \"nope\"}", "{\"precision\": \"fp64\"}", "{\"accelerator\": \"nope\"}"));
        assertEquals(List.of("model.ref", "training.tokens", "training.precision", "hardware.accelerator"),
                errors.stream().map(FieldError::field).toList());
    }

    static final String A100 = "{\"accelerator\": \"nvidia-a100-80gb\", \"count\": 8}";

    @Test
    void publishedRecipeResolvesToTheModelsStages() throws Exception {
        ScenarioResolved r = resolved(scenario("{\"ref\": \"llava-1.5-13b\"}", "{\"recipe\": \"published\"}", A100));
        // LLaVA-1.5 (arXiv:2310.03744, section 4): align trains the projector, instruct the projector and the LM.
        var stages = r.training().stages();
        assertEquals(2, stages.size());
        assertEquals("align", stages.get(0).get("name").asText());
        assertEquals("projector", stages.get(0).get("trainable").get(0).asText());
        assertEquals(2, stages.get(1).get("trainable").size());
        assertEquals(624_000, stages.get(1).get("dataset").get("images").asDouble());
        // The resolved total is the stages' text tokens: the catalog's published count is not used.
        assertEquals(558_000 * 20.0 + 2e8, r.training().tokens(), 1);
        assertEquals("image", r.model().components().get(2).get("sees").get(0).asText());
    }

    @Test
    void stagesTrainableAndAttentionPassThroughToCompute() throws Exception {
        ScenarioResolved r = resolved(scenario("{\"ref\": \"llava-1.5-7b\"}", """
                {"includeAttention": true, "stages": [{"name": "a", "tokens": 1e6, "trainable": ["projector"]},
                 {"name": "b", "dataset": {"samples": 1000, "images": 1000}, "trainable": ["language-model"]}]}
                """, A100));
        assertEquals(Boolean.TRUE, r.training().includeAttention());
        assertEquals(2, r.training().stages().size());
        assertEquals(1e6, r.training().tokens(), 0);
        ScenarioResolved single = resolved(scenario("{\"ref\": \"llava-1.5-7b\"}",
                "{\"tokens\": 1e8, \"trainable\": [\"projector\"], \"dataset\": {\"images\": 1e5}}", A100));
        assertEquals("projector", single.training().trainable().get(0).asText());
        assertEquals(null, single.training().stages());
        assertEquals(null, single.training().includeAttention());
    }

    @Test
    void aPublishedRecipeNeedsACatalogModelThatHasOne() throws Exception {
        assertTrue(only(rejected(scenario("{\"ref\": \"llama-2-70b\"}", "{\"recipe\": \"published\"}", A100)),
                "training.recipe").message().contains("no published training recipe"));
        assertTrue(only(rejected(scenario("{\"parameters\": 7e9}", "{\"recipe\": \"published\"}", A100)),
                "training.recipe").message().contains("model.ref"));
        only(rejected(scenario("{\"ref\": \"llava-1.5-7b\"}", "{\"recipe\": \"mine\"}", A100)), "training.recipe");
    }

    @Test
    void blipNowHasAParameterCount() throws Exception {
        // The released BLIP base checkpoint: 989,717,056 bytes of fp32 = 247M parameters.
        ScenarioResolved r = resolved(scenario("{\"ref\": \"blip-base\"}", "{\"tokens\": 4.2e8}", A100));
        assertEquals(2.47e8, r.model().parameters());
        assertEquals(2, r.model().components().size());
    }
}
