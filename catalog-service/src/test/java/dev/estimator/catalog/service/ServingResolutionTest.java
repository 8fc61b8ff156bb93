package dev.estimator.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.estimator.catalog.event.ScenarioResolved;
import dev.estimator.catalog.event.ScenarioSubmitted;

/**
 * Issue #17 on the real seed: a model's KV cache layout reaches scenarios.resolved, and serving.accelerator is resolved
 * like hardware.accelerator (train on H800, serve on H20).
 */
class ServingResolutionTest {

    final ScenarioResolver resolver = new ScenarioResolver(Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));

    @BeforeAll
    static void loadSeed() throws Exception {
        ScenarioResolverTest.loadSeed();
    }

    ScenarioResolver.Result resolve(String json) throws Exception {
        ScenarioSubmitted s = ScenarioResolverTest.JSON.readValue(json, ScenarioSubmitted.class);
        String ref = s.model() == null ? null : s.model().ref();
        String acc = s.hardware() == null ? null : s.hardware().accelerator();
        var servingNode = s.serving() == null ? null : s.serving().get("accelerator");
        String serving = servingNode == null ? null : servingNode.asText();
        var models = ScenarioResolverTest.models;
        var accelerators = ScenarioResolverTest.accelerators;
        return resolver.resolve(s, new ScenarioResolver.Lookup(ref == null ? null : models.get(ref), List.copyOf(models.keySet()),
                acc == null ? null : accelerators.get(acc), List.copyOf(accelerators.keySet()),
                serving == null ? null : accelerators.get(serving)));
    }

    @Test
    void deepSeekV3CarriesItsMlaLayout() throws Exception {
        ScenarioResolved r = assertInstanceOf(ScenarioResolver.Resolved.class, resolve("""
                {"scenarioId": "s1", "model": {"ref": "deepseek-v3"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h800", "count": 2048}}
                """)).event();
        assertEquals("mla", r.model().attention());
        assertEquals(512, r.model().kvLoraRank());
        assertEquals(64, r.model().qkRopeHeadDim());
        ScenarioResolved llama = assertInstanceOf(ScenarioResolver.Resolved.class, resolve("""
                {"scenarioId": "s2", "model": {"ref": "llama-3-70b"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 8}}
                """)).event();
        assertEquals("gqa", llama.model().attention());
        assertEquals(8, llama.model().kvHeads());
        assertEquals(128, llama.model().headDim());
    }

    @Test
    void servingAcceleratorIsResolvedLikeTheTrainingOne() throws Exception {
        ScenarioResolved r = assertInstanceOf(ScenarioResolver.Resolved.class, resolve("""
                {"scenarioId": "s1", "model": {"ref": "deepseek-v3"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h800", "count": 2048},
                 "serving": {"accelerator": "nvidia-h20", "tokensPerDay": 1e9, "maxTpotMs": 50}}
                """)).event();
        assertEquals("nvidia-h800", r.hardware().accelerator());
        var hw = r.serving().get("hardware");
        assertEquals("nvidia-h20", hw.get("accelerator").asText());
        assertEquals(ScenarioResolverTest.accelerators.get("nvidia-h20").memoryGb, hw.get("memoryGb").asDouble());
        assertEquals(ScenarioResolverTest.accelerators.get("nvidia-h20").bandwidthTbps, hw.get("bandwidthTbps").asDouble());
        assertTrue(hw.get("peakFlopsByPrecision").get("bf16").asDouble() > 0);
        // The request's own serving fields are carried as they were.
        assertEquals(50, r.serving().get("maxTpotMs").asDouble());
    }

    @Test
    void withoutServingAcceleratorTheSectionIsCarriedUnchanged() throws Exception {
        ScenarioResolved r = assertInstanceOf(ScenarioResolver.Resolved.class, resolve("""
                {"scenarioId": "s1", "model": {"ref": "llama-3-70b"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 8}, "serving": {"tokensPerDay": 1e9}}
                """)).event();
        assertNull(r.serving().get("hardware"));
    }

    @Test
    void aServingSectionWrittenAsNullIsAnAbsentOne() throws Exception {
        ScenarioResolved r = assertInstanceOf(ScenarioResolver.Resolved.class, resolve("""
                {"scenarioId": "s1", "model": {"ref": "llama-3-70b"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 8}, "serving": null,
                 "pricing": {"model": "lease", "currency": "usd", "discount": 3}}
                """)).event();
        assertTrue(r.serving() == null || r.serving().isNull());
    }

    @Test
    void anUnknownServingAcceleratorIsRejectedNamingTheField() throws Exception {
        var rejected = assertInstanceOf(ScenarioResolver.Rejected.class, resolve("""
                {"scenarioId": "s1", "model": {"ref": "llama-3-70b"}, "training": {},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 8}, "serving": {"accelerator": "nvidia-h2O"}}
                """));
        var error = rejected.event().errors().get(0);
        assertEquals("serving.accelerator", error.field());
        assertTrue(error.message().contains("nvidia-h20"), error.message());
    }
}
