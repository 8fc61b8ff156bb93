package dev.estimator.compute.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Value of {@code scenarios.resolved} (docs/events.md), as compute-service reads it. The constraints are what the
 * calculation needs of each number on its own (a divisor is positive, a precision is known), not the public
 * request's limits, which the gateway enforces; the rules that span fields are in the service's ScenarioValidator.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "ScenarioResolved", description = "A scenario with every reference resolved to numbers (scenarios.resolved)")
public record ScenarioResolved(
        String scenarioId,
        String sweepId,
        Instant submittedAt,
        Instant resolvedAt,
        String name,
        @NotNull(message = IS_REQUIRED) @Valid Model model,
        @NotNull(message = IS_REQUIRED) @Valid Training training,
        @NotNull(message = IS_REQUIRED) @Valid Hardware hardware,
        @Schema(description = "Passed through; compute reads region") JsonNode pricing,
        @Schema(description = "Passed through; compute reads tokensPerDay and region") JsonNode serving,
        @Schema(description = "Passed through") JsonNode programme) {

    static final String IS_REQUIRED = "is required";
    static final String POSITIVE = "must be positive";
    static final String NOT_NEGATIVE = "must not be negative";
    /** Precisions the estimator has peaks and byte sizes for. */
    public static final String PRECISIONS = "(?i)fp32|tf32|bf16|fp16|fp8|int8";

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedModel")
    public record Model(String ref, String name,
            @Schema(enumeration = { "dense", "moe" }) String architecture,
            @Positive(message = "must be a positive number of parameters") Double parameters,
            @Positive(message = POSITIVE) @Schema(description = "Parameters activated per token (= parameters for dense)") Double activeParameters,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength,
            List<@NotNull(message = "must be an object") @Valid Component> components) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedComponent", description = "A part of a multi-modal model with its own token stream")
    public record Component(String name,
            @NotNull(message = POSITIVE) @Positive(message = POSITIVE) Double parameters,
            @PositiveOrZero(message = NOT_NEGATIVE) Double tokensPerInput,
            Double inputsPerSample,
            @Schema(description = "Absent or null means true") Boolean trainable,
            @Pattern(regexp = "(?i)text|image|video|audio", message = "must be one of [text, image, video, audio]") String modality) {
    }

    /** {@code includeAttention} is a compute-service extension (docs/events.md, scenarios.computed section). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedTraining")
    public record Training(
            @PositiveOrZero(message = TOKENS) Double tokens,
            @Positive(message = POSITIVE) Double epochs,
            @Pattern(regexp = PRECISIONS, message = "must be one of [fp32, tf32, bf16, fp16, fp8, int8]") String precision,
            @Positive(message = UTILIZATION) @DecimalMax(value = "1", message = UTILIZATION) Double utilization,
            @Valid Dataset dataset,
            @Schema(description = "Add the 12·L·d·T attention FLOPs per token (PaLM's convention); default false") Boolean includeAttention) {

        static final String TOKENS = "must be a positive number of tokens (or give dataset images, video or audio)";
        static final String UTILIZATION = "must be in (0, 1]: a share of the accelerator's peak FLOP/s";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedDataset", description = "Modality inputs per epoch")
    public record Dataset(
            @PositiveOrZero(message = NOT_NEGATIVE) Double images,
            @PositiveOrZero(message = NOT_NEGATIVE) Double tokensPerImage,
            @PositiveOrZero(message = NOT_NEGATIVE) Double videoSeconds,
            @PositiveOrZero(message = NOT_NEGATIVE) Double framesPerSecond,
            @PositiveOrZero(message = NOT_NEGATIVE) Double tokensPerFrame,
            @PositiveOrZero(message = NOT_NEGATIVE) Double audioSeconds,
            @PositiveOrZero(message = NOT_NEGATIVE) Double audioTokensPerSecond) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedHardware")
    public record Hardware(String accelerator, String name,
            @Min(value = 1, message = "must be at least 1") Integer count,
            @Positive(message = "must be a positive number of days") Double deadlineDays,
            String precision,
            @Schema(description = "Dense peak FLOP/s of the training precision") Double peakFlops,
            Map<String, Double> peakFlopsByPrecision,
            @NotNull(message = POSITIVE) @Positive(message = POSITIVE) Double memoryGb,
            Double bandwidthTbps,
            @PositiveOrZero(message = NOT_NEGATIVE) Double tdpWatts) {
    }
}
