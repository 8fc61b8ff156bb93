package dev.estimator.cost.event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.validation.constraints.NotNull;

/**
 * Value of {@code scenarios.computed} (docs/events.md), as cost-service reads it; also the body of {@code POST /quote}.
 * Only the fields pricing needs are read, unknown ones are ignored; the pricer checks their values and rejects what it
 * cannot price. The compute block is kept as received: it goes into the final estimate unchanged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "ScenarioComputed", description = "A scenario with its compute block (the scenarios.computed value)")
public record ScenarioComputed(
        @Schema(description = "Seeds the Monte Carlo range: the same id gives the same range") String scenarioId,
        String sweepId,
        String name,
        Hardware hardware,
        Pricing pricing,
        Serving serving,
        Programme programme,
        @NotNull(message = "the compute block is required (compute.gpuHours at least)")
        @Schema(required = true, description = "compute-service's block: gpuHours, gpuHoursRange, energyMwh, serving.accelerators")
        ObjectNode compute) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ScenarioComputedHardware")
    /** {@code count} is read as a number: cost-service does not use it, and a count no integer holds must not make the record unreadable. */
    public record Hardware(String accelerator, Double count, Double tdpWatts, Double unitPriceUsd) {
    }

    /**
     * {@code pricePerAcceleratorHour} overrides the price book (e.g. a published "$2 per GPU-hour"); it is
     * in {@code currency}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ScenarioComputedPricing")
    public record Pricing(String provider,
            @Schema(enumeration = { "on-demand", "reserved-1y", "reserved-3y", "spot", "own-cloud" }) String model,
            @Schema(enumeration = { "USD", "CNY" }) String currency, String region, Double pricePerAcceleratorHour) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ScenarioComputedServing")
    public record Serving(Double tokensPerDay, Double months) {
    }

    /**
     * Money amounts are in the scenario's {@code pricing.currency}. {@code preset} picks a sourced programme
     * (experiments, data, staff); the explicit values given win over the preset's.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ScenarioComputedProgramme")
    public record Programme(Double experimentMultiplier, Double dataCost, Double staffCost,
            @Schema(enumeration = { "big-tech-frontier", "efficient-startup" }) String preset) {

        public Programme(Double experimentMultiplier, Double dataCost, Double staffCost) {
            this(experimentMultiplier, dataCost, staffCost, null);
        }
    }
}
