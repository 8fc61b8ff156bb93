package dev.estimator.gateway.domain;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The scenario request of DESIGN 5.2, as accepted by {@code POST /api/v1/scenarios} and as the base of a
 * sweep. Absent blocks stay absent (null), so the published event carries exactly what the user asked
 * for and the catalog fills the defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioRequest(String name, Model model, Training training, Hardware hardware, Pricing pricing,
        Serving serving, Programme programme) {

    /** Either {@code ref} (a catalog model id) or an inline model described by its parameters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String ref, Double parameters, Double activeParameters, String architecture, Integer layers,
            Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, List<Component> components) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String name, Double parameters, Double tokensPerInput, Double inputsPerSample,
            Boolean trainable, String modality) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(Double tokens, Double epochs, String precision, Double utilization, Dataset dataset) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(Double images, Double tokensPerImage, Double videoSeconds, Double framesPerSecond,
            Double tokensPerFrame, Double audioSeconds, Double audioTokensPerSecond) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hardware(String accelerator, Integer count, Double deadlineDays) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pricing(String provider, String model, String currency, String region,
            Double pricePerAcceleratorHour) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Serving(Double tokensPerDay, Double months) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Programme(Double experimentMultiplier, Double dataCost, Double staffCost) {
    }
}
