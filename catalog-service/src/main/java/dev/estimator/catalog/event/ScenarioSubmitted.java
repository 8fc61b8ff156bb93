package dev.estimator.catalog.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /**
     * Reads a record value. A value that is not a scenario (not JSON, a field of the wrong type, no scenarioId) can
     * never be resolved: it is dead-lettered, not rejected, since there may be no scenario id to reject.
     */
    public static ScenarioSubmitted parse(ObjectMapper json, String value) {
        ScenarioSubmitted submitted;
        try {
            submitted = value == null ? null : json.readValue(value, ScenarioSubmitted.class);
        } catch (Exception e) {
            throw new UnparseableEventException("Not a scenario: " + e.getMessage(), e);
        }
        if (submitted == null || submitted.scenarioId() == null || submitted.scenarioId().isBlank()) {
            throw new UnparseableEventException("Scenario without scenarioId", null);
        }
        return submitted;
    }

    /** Either a catalog reference ({@code ref}) or an inline description of the model. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelRequest(String ref, Double parameters, Double activeParameters, String architecture,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength,
            JsonNode components, String attention, Integer headDim, Integer kvLoraRank, Integer qkRopeHeadDim) {
    }

    /** {@code trainable} and {@code stages} are carried to compute-service, which knows what they may name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrainingRequest(Double tokens, Double epochs, String precision, Double utilization, JsonNode dataset,
            Boolean includeAttention, JsonNode trainable, String recipe, JsonNode stages) {
    }

    /** {@code count} is read as a number so an absurd value is rejected with a reason rather than unparseable. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HardwareRequest(String accelerator, Double count, Double deadlineDays) {
    }
}
