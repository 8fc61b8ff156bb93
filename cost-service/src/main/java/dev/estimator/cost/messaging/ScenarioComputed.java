package dev.estimator.cost.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Value of {@code scenarios.computed} (docs/events), as cost-service reads it. The compute block is
 * kept as received: it goes into the final estimate unchanged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScenarioComputed(
        String scenarioId,
        String sweepId,
        String name,
        Hardware hardware,
        Pricing pricing,
        JsonNode serving,
        JsonNode programme,
        ObjectNode compute) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hardware(String accelerator, Integer count, Double tdpWatts) {
    }

    /** {@code pricePerAcceleratorHour} overrides the price book (e.g. a published "$2 per GPU-hour"). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pricing(String provider, String model, String currency, String region, Double pricePerAcceleratorHour) {
    }
}
