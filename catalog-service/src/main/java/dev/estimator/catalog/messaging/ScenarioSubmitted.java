package dev.estimator.catalog.messaging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value of {@code scenarios.submitted} (docs/events): the user's scenario request plus its id. Blocks
 * the catalog does not interpret (pricing, serving, programme) are carried through unchanged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScenarioSubmitted(
        String scenarioId,
        String sweepId,
        Instant submittedAt,
        String name,
        ModelRequest model,
        TrainingRequest training,
        HardwareRequest hardware,
        JsonNode pricing,
        JsonNode serving,
        JsonNode programme) {

    /** Either a catalog reference ({@code ref}) or an inline description of the model. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelRequest(String ref, Double parameters, Double activeParameters, String architecture,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength,
            JsonNode components) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrainingRequest(Double tokens, Double epochs, String precision, Double utilization, JsonNode dataset) {
    }

    /** {@code count} is read as a number so an absurd value is rejected with a reason rather than unparseable. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HardwareRequest(String accelerator, Double count, Double deadlineDays) {
    }
}
