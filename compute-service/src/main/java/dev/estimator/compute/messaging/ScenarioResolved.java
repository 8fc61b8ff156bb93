package dev.estimator.compute.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** Value of {@code scenarios.resolved} (docs/events.md), as compute-service reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScenarioResolved(
        String scenarioId,
        String sweepId,
        Instant submittedAt,
        Instant resolvedAt,
        String name,
        Model model,
        Training training,
        Hardware hardware,
        JsonNode pricing,
        JsonNode serving,
        JsonNode programme) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String ref, String name, String architecture, Double parameters, Double activeParameters,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, List<Component> components) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Component(String name, Double parameters, Double tokensPerInput, Double inputsPerSample, Boolean trainable,
            String modality) {
    }

    /** {@code includeAttention} is a compute-service extension (docs/events.md, scenarios.computed section). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(Double tokens, Double epochs, String precision, Double utilization, Dataset dataset,
            Boolean includeAttention) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dataset(Double images, Double tokensPerImage, Double videoSeconds, Double framesPerSecond, Double tokensPerFrame,
            Double audioSeconds, Double audioTokensPerSecond) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hardware(String accelerator, String name, Integer count, Double deadlineDays, String precision,
            Double peakFlops, Map<String, Double> peakFlopsByPrecision, Double memoryGb, Double bandwidthTbps, Double tdpWatts) {
    }
}
