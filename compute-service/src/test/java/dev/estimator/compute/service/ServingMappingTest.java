package dev.estimator.compute.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.compute.estimate.ComputeEstimator;
import dev.estimator.compute.estimate.ComputeResult;
import dev.estimator.compute.estimate.EfficiencyProfiles;
import dev.estimator.compute.estimate.FieldViolation;
import dev.estimator.compute.event.ScenarioResolved;

/**
 * Issue #17 from a resolved scenario as the catalog emits it: DeepSeek-V3 trained on H800 and served on H20 (its
 * serving.hardware), with MLA's KV cache, latency targets, and a load in requests per second.
 */
class ServingMappingTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    static String deepSeekV3(String serving) {
        return """
                {"scenarioId": "s1", "submittedAt": "2026-12-02T10:00:00Z", "resolvedAt": "2026-12-02T10:00:01Z",
                 "model": {"ref": "deepseek-v3", "architecture": "moe", "parameters": 671e9, "activeParameters": 37e9,
                           "layers": 61, "hiddenSize": 7168, "heads": 128, "contextLength": 4096,
                           "attention": "mla", "kvLoraRank": 512, "qkRopeHeadDim": 64},
                 "training": {"tokens": 14.8e12, "epochs": 1, "precision": "fp8"},
                 "hardware": {"accelerator": "nvidia-h800", "count": 2048, "precision": "fp8", "peakFlops": 1978.9e12,
                              "peakFlopsByPrecision": {"bf16": 989.4e12, "fp8": 1978.9e12},
                              "memoryGb": 80, "bandwidthTbps": 3.35, "interconnectGbps": 400, "tdpWatts": 700},
                 "serving": %s}
                """.formatted(serving);
    }

    static final String H20 = """
            "hardware": {"accelerator": "nvidia-h20", "name": "H20 96 GB", "peakFlopsByPrecision": {"bf16": 148e12,
                         "fp8": 296e12}, "memoryGb": 96, "bandwidthTbps": 4.0, "interconnectGbps": 900, "tdpWatts": 400}""";

    ComputeResult estimate(String serving) throws Exception {
        ScenarioResolved s = JSON.readValue(deepSeekV3(serving), ScenarioResolved.class);
        return new ComputeEstimator(EfficiencyProfiles.bundled()).estimate(ScenarioInputMapper.toInput(s, 1.2, 100_000));
    }

    @Test
    void trainsOnH800AndServesOnH20WithMlaKvCache() throws Exception {
        var r = estimate("""
                {"accelerator": "nvidia-h20", "tokensPerDay": 1e10, "promptTokens": 1000, "outputTokens": 200, %s}
                """.formatted(H20));
        var s = r.serving();
        assertEquals("nvidia-h20", s.accelerator());
        assertEquals("mla", s.attention());
        assertEquals(61 * (512 + 64) * 2.0, s.kvCacheBytesPerToken(), 1e-6);
        // Weights default to fp8 as trained: 671 GB within 60% of 96 GB H20s needs a group of 16.
        assertEquals("fp8", s.precision());
        assertEquals(16, s.acceleratorsPerReplica());
        // Prefill on 16 H20 at half their fp8 peak: 2·37e9·1000 + 2·61·(128·56)·1000² FLOP.
        double prefill = 2 * 37e9 * 1000 + 2.0 * 61 * 7168 * 1000 * 1000;
        assertEquals(prefill / (16 * 0.5 * 296e12) * 1000, s.ttftMs(), 1e-6);
        assertTrue(s.accelerators() % 16 == 0);
        assertTrue(r.possible(), r.violations().toString());
    }

    @Test
    void withoutServingAcceleratorTheTrainingOneServes() throws Exception {
        var r = estimate("""
                {"requestsPerSecond": 10, "outputTokens": 500}""");
        assertEquals("nvidia-h800", r.serving().accelerator());
        // 10 requests/s of 500 tokens: 4.32e8 tokens a day.
        double perReplica = r.serving().tokensPerSecondPerAccelerator() * r.serving().acceleratorsPerReplica();
        long replicas = (long) Math.ceil(10 * 500 / perReplica);
        assertEquals(replicas * r.serving().acceleratorsPerReplica(), r.serving().accelerators().longValue());
    }

    @Test
    void anUnreachableTpotTargetMakesTheScenarioImpossibleNamingTheField() throws Exception {
        var r = estimate("""
                {"accelerator": "nvidia-h20", "maxTpotMs": 0.01, %s}""".formatted(H20));
        assertTrue(r.violations().stream().map(FieldViolation::field).toList().contains("serving.maxTpotMs"),
                r.violations().toString());
    }

    @Test
    void theValidatorRefusesAnUnknownServingPrecision() throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(deepSeekV3("""
                {"precision": "fp3", "promptTokens": -1}"""));
        try (var factory = jakarta.validation.Validation.byDefaultProvider().configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
                .buildValidatorFactory()) {
            List<String> fields = new ScenarioValidator(factory.getValidator())
                    .validate(new ParsedScenario(JSON.treeToValue(tree, ScenarioResolved.class), tree)).stream()
                    .map(FieldViolation::field).toList();
        assertTrue(fields.contains("serving.precision"), fields.toString());
            assertTrue(fields.contains("serving.promptTokens"), fields.toString());
        }
    }
}
