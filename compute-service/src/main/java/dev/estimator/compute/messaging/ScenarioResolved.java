package dev.estimator.compute.messaging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** Value of {@code scenarios.resolved} (docs/events), as compute-service reads it. */
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
    public record Model(String ref, String name, String architecture, double parameters, double activeParameters,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, JsonNode components) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(double tokens, double epochs, String precision, Double utilization, JsonNode dataset) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hardware(String accelerator, String name, Integer count, Double deadlineDays, String precision,
            double peakFlops, Double memoryGb, Double bandwidthTbps, Double tdpWatts) {
    }
}
