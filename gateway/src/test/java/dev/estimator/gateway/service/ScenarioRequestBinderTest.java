package dev.estimator.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** The request paths a sweep may vary are read off the request record: every scalar leaf, and nothing else. */
class ScenarioRequestBinderTest {

    @Test
    void aSweepMayVaryEveryScalarLeafOfTheRequest() {
        assertEquals(Set.of("name", "model.ref", "model.parameters", "model.activeParameters", "model.architecture",
                "model.layers", "model.hiddenSize", "model.heads", "model.kvHeads", "model.contextLength", "model.attention",
                "model.headDim", "model.kvLoraRank", "model.qkRopeHeadDim", "training.tokens",
                "training.epochs", "training.precision", "training.utilization", "training.includeAttention",
                "training.recipe", "training.dataset.samples", "training.dataset.images",
                "training.dataset.tokensPerImage", "training.dataset.videoSeconds", "training.dataset.framesPerSecond",
                "training.dataset.tokensPerFrame", "training.dataset.audioSeconds", "training.dataset.audioTokensPerSecond",
                "hardware.accelerator", "hardware.count", "hardware.deadlineDays", "pricing.provider", "pricing.model",
                "pricing.currency", "pricing.region", "pricing.pricePerAcceleratorHour", "serving.tokensPerDay", "serving.months",
                "serving.accelerator", "serving.requestsPerSecond", "serving.promptTokens", "serving.outputTokens",
                "serving.imagesPerRequest", "serving.precision", "serving.kvCachePrecision", "serving.maxTtftMs", "serving.maxTpotMs",
                "programme.experimentMultiplier", "programme.dataCost", "programme.staffCost", "programme.preset"), ScenarioRequestBinder.VARIABLE_PATHS);
    }
}
