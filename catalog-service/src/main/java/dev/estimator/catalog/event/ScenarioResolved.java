package dev.estimator.catalog.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value of {@code scenarios.resolved} (docs/events): the request with every reference replaced by
 * concrete numbers, so compute-service needs no catalog lookups.
 */
public record ScenarioResolved(
        String scenarioId,
        String sweepId,
        Instant submittedAt,
        Instant resolvedAt,
        String name,
        ResolvedModel model,
        ResolvedTraining training,
        ResolvedHardware hardware,
        JsonNode pricing,
        JsonNode serving,
        JsonNode programme) {

    /** {@code attention}, {@code headDim}, {@code kvLoraRank}, {@code qkRopeHeadDim}: the KV cache layout, null when unknown. */
    public record ResolvedModel(String ref, String name, String architecture, double parameters, double activeParameters,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, JsonNode components,
            String attention, Integer headDim, Integer kvLoraRank, Integer qkRopeHeadDim) {
    }

    /**
     * {@code tokens}: with stages, the sum of their text tokens. {@code stages}: the request's, or the catalog model's
     * published recipe for {@code recipe: published}; {@code trainable} and {@code includeAttention} as asked.
     */
    public record ResolvedTraining(double tokens, double epochs, String precision, Double utilization, JsonNode dataset,
            Boolean includeAttention, JsonNode trainable, JsonNode stages) {
    }

    /**
     * The asked accelerator with its specs; {@code peakFlops} is the dense peak for {@code precision}, in FLOP/s,
     * {@code interconnectGbps} in GB/s.
     */
    public record ResolvedHardware(String accelerator, String name, Integer count, Double deadlineDays, String precision,
            double peakFlops, Map<String, Double> peakFlopsByPrecision, Double memoryGb, Double bandwidthTbps,
            Double interconnectGbps, Double tdpWatts, Double unitPriceUsd, Integer year) {
    }
}
