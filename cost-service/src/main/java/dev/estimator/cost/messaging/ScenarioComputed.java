package dev.estimator.cost.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Value of {@code scenarios.computed} (docs/events.md), as cost-service reads it. The compute block is
 * kept as received: it goes into the final estimate unchanged. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScenarioComputed(
        String scenarioId,
        String sweepId,
        String name,
        Hardware hardware,
        Pricing pricing,
        Serving serving,
        Programme programme,
        ObjectNode compute) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hardware(String accelerator, Integer count, Double tdpWatts, Double unitPriceUsd) {
    }

    /**
     * {@code pricePerAcceleratorHour} overrides the price book (e.g. a published "$2 per GPU-hour"); it is
     * in {@code currency}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pricing(String provider, String model, String currency, String region, Double pricePerAcceleratorHour) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Serving(Double tokensPerDay, Double months) {
    }

    /** Money amounts are in the scenario's {@code pricing.currency}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Programme(Double experimentMultiplier, Double dataCost, Double staffCost) {
    }
}
