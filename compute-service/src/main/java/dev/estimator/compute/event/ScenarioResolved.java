package dev.estimator.compute.event;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
 * Value of {@code scenarios.resolved} (docs/events.md), as compute-service reads it: the fields the estimate needs.
 * The others (submittedAt, resolvedAt, name, programme, ...) are passed through to scenarios.computed untouched, as
 * JSON. The constraints are what the calculation needs of each number on its own (a divisor is positive, a precision
 * is known), not the public request's limits, which the gateway enforces; the rules that span fields are in the
 * service's ScenarioValidator.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "ScenarioResolved", description = "A scenario with every reference resolved to numbers (scenarios.resolved); "
        + "fields not listed here are passed through")
public record ScenarioResolved(String scenarioId, String sweepId,
        @NotNull @Valid Model model,
        @NotNull @Valid Training training,
        @NotNull @Valid Hardware hardware,
        @Schema(implementation = Object.class, type = SchemaType.OBJECT, description = "compute reads region") JsonNode pricing,
        @Schema(implementation = Object.class, type = SchemaType.OBJECT, description = "compute reads tokensPerDay, "
                + "requestsPerSecond, promptTokens, outputTokens, imagesPerRequest, precision, kvCachePrecision, maxTtftMs, "
                + "maxTpotMs, region and hardware (the serving accelerator the catalog resolved)")
        JsonNode serving) {

    /** NotNull, Positive, PositiveOrZero: "is required", "must be positive", "must not be negative" (ValidationMessages.properties). */
    static final String POSITIVE = "must be positive";
    /** Precisions the estimator has peaks and byte sizes for (any case). */
    static final String PRECISIONS = "fp32|tf32|bf16|fp16|fp8|int8";

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedModel")
    public record Model(
            @Schema(enumeration = { "dense", "moe" }) String architecture,
            @Positive(message = "must be a positive number of parameters") Double parameters,
            @Positive @Schema(description = "Parameters activated per token (= parameters for dense)") Double activeParameters,
            Integer layers, Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength,
            List<@NotNull(message = "must be an object") @Valid Component> components,
            @Schema(description = "KV cache layout: mha, gqa (kvHeads), mqa or mla (kvLoraRank + qkRopeHeadDim); absent: "
                    + "mla with kvLoraRank, else from heads and kvHeads")
            @Pattern(regexp = "mha|gqa|mqa|mla", flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of [mha, gqa, mqa, mla]") String attention,
            @Schema(description = "Key/value dimension per head; absent: hiddenSize / heads") @Positive Double headDim,
            @Schema(description = "MLA: compressed KV dimension per layer (DeepSeek-V3: 512)") @Positive Integer kvLoraRank,
            @Schema(description = "MLA: decoupled RoPE key dimension per layer (DeepSeek-V3: 64)") @PositiveOrZero Integer qkRopeHeadDim) {

        public Model(String architecture, Double parameters, Double activeParameters, Integer layers, Integer hiddenSize,
                Integer heads, Integer kvHeads, Integer contextLength, List<Component> components) {
            this(architecture, parameters, activeParameters, layers, hiddenSize, heads, kvHeads, contextLength, components, null,
                    null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedComponent", description = "A part of a multi-modal model with its own token stream")
    public record Component(String name,
            @NotNull(message = POSITIVE) @Positive Double parameters,
            @PositiveOrZero Double tokensPerInput,
            Double inputsPerSample,
            @Schema(description = "Absent or null means true") Boolean trainable,
            @Pattern(regexp = "text|image|video|audio", flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of [text, image, video, audio]") String modality,
            @Schema(description = "Streams whose tokens it processes besides its own (a language model behind a vision "
                    + "encoder sees image)")
            List<@Pattern(regexp = "text|image|video|audio", flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of [text, image, video, audio]") String> sees,
            @Schema(description = "Seconds of audio or video one input covers (Whisper: 30)") @PositiveOrZero Double secondsPerInput,
            @Schema(description = "Tokens per input it hands on; default tokensPerInput") @PositiveOrZero Double outputTokensPerInput) {
    }

    /** {@code includeAttention} is a compute-service extension (docs/events.md, scenarios.computed section). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedTraining")
    public record Training(
            @PositiveOrZero(message = TOKENS) Double tokens,
            @Positive Double epochs,
            @Pattern(regexp = PRECISIONS, flags = Pattern.Flag.CASE_INSENSITIVE,
                    message = "must be one of [fp32, tf32, bf16, fp16, fp8, int8]") String precision,
            @Positive(message = UTILIZATION) @DecimalMax(value = "1", message = UTILIZATION) Double utilization,
            @Valid Dataset dataset,
            @Schema(description = "Add the 12·L·d·T attention FLOPs per token (PaLM's convention); default false")
            Boolean includeAttention,
            @Schema(description = "Components trained in a request without stages; default: each component's trainable")
            List<@NotNull(message = "must be a component name") String> trainable,
            @Schema(description = "Training stages in order; each trains the components it names, the rest frozen")
            List<@NotNull(message = "must be an object") @Valid Stage> stages) {

        static final String TOKENS = "must be a positive number of tokens (or give dataset images, video or audio)";
        static final String UTILIZATION = "must be in (0, 1]: a share of the accelerator's peak FLOP/s";
    }

    /** One training stage: its data and the components it trains (names; {@code backbone} for the rest). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedTrainingStage")
    public record Stage(String name,
            @PositiveOrZero(message = Training.TOKENS) Double tokens,
            @Positive Double epochs,
            @Valid Dataset dataset,
            @Schema(description = "Components trained in this stage; absent: each component's default")
            List<@NotNull(message = "must be a component name") String> trainable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedDataset", description = "Modality inputs per epoch")
    public record Dataset(
            @Schema(description = "Training samples (e.g. image-text pairs); with each component's inputsPerSample, "
                    + "the images, video or audio when those are not given") @PositiveOrZero Double samples,
            @PositiveOrZero Double images,
            @PositiveOrZero Double tokensPerImage,
            @PositiveOrZero Double videoSeconds,
            @PositiveOrZero Double framesPerSecond,
            @PositiveOrZero Double tokensPerFrame,
            @PositiveOrZero Double audioSeconds,
            @PositiveOrZero Double audioTokensPerSecond) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ResolvedHardware")
    public record Hardware(String accelerator,
            @Min(value = 1, message = "must be at least 1") Integer count,
            @Positive(message = "must be a positive number of days") Double deadlineDays,
            String precision,
            @Schema(description = "Dense peak FLOP/s of the training precision") Double peakFlops,
            Map<String, Double> peakFlopsByPrecision,
            @NotNull(message = POSITIVE) @Positive Double memoryGb,
            Double bandwidthTbps,
            @PositiveOrZero Double tdpWatts,
            @Schema(description = "Scale-up interconnect per accelerator (NVLink, ...), GB/s; absent: the family's reference "
                    + "accelerator's (the utilization model's interconnect effect is then neutral)")
            @Positive(message = "must be a positive bandwidth in GB/s") Double interconnectGbps) {
    }
}
