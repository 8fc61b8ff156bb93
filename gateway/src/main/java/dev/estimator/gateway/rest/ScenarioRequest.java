package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.ScenarioLimits.CURRENCY;
import static dev.estimator.gateway.rest.ScenarioLimits.CURRENCY_MESSAGE;
import static dev.estimator.gateway.rest.ScenarioLimits.SLUG;
import static dev.estimator.gateway.rest.ScenarioLimits.SLUG_MESSAGE;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The public scenario request: the body of {@code POST /api/v1/scenarios}, the base of a sweep, and (with
 * {@code scenarioId}, {@code sweepId}, {@code submittedAt}) the value of {@code scenarios.submitted} (docs/events.md).
 * Absent blocks stay absent (null), so the published event carries exactly what the user asked for and the catalog
 * fills the defaults. Every limit is an annotation here, with its number in {@link ScenarioLimits}; fields not
 * declared here are refused (the REST binding is strict, see {@code StrictJson}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ScenarioRequest", additionalProperties = Schema.False.class, description = "What to estimate: a model "
        + "(a catalog reference or inline), its training, the hardware (a count, or a deadline to size the cluster for), "
        + "and optionally pricing, serving and programme costs. Absent blocks take the catalog's and price book's defaults.")
public record ScenarioRequest(
        @Schema(description = "Free text shown in views and sweeps", examples = "GPT-3 175B on V100")
        @Size(max = ScenarioLimits.NAME_MAX_LENGTH) String name,
        @NotNull(message = "is required: a catalog reference such as ref llama-2-70b, or an inline model with parameters")
        @Valid Model model,
        @Valid Training training,
        @NotNull(message = "is required: an accelerator id and a count (or a deadline)") @Valid Hardware hardware,
        @Valid Pricing pricing,
        @Valid Serving serving,
        @Valid Programme programme) {

    /** Either {@code ref} (a catalog model id) or an inline model described by its parameters or components. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @CrossFieldCheck
    @Schema(name = "ScenarioModel", additionalProperties = Schema.False.class, description = "A catalog model (ref) or "
            + "an inline model (parameters and/or components). With ref, the catalog's numbers are used. activeParameters "
            + "must not exceed parameters, kvHeads not heads; a moe model needs activeParameters.")
    public record Model(
            @Schema(description = "Catalog model id", examples = "gpt-3-175b")
            @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String ref,
            @Schema(description = "Total parameters", examples = "1.746e11")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_PARAMETERS) Double parameters,
            @Schema(description = "Parameters active per token (mixture of experts)")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_PARAMETERS) Double activeParameters,
            @Schema(ref = "Architecture")
            @OneOf(ScenarioLimits.Architecture.class) String architecture,
            @Min(1) @Max(ScenarioLimits.MAX_LAYERS) Integer layers,
            @Min(1) @Max(ScenarioLimits.MAX_HIDDEN_SIZE) Integer hiddenSize,
            @Min(1) @Max(ScenarioLimits.MAX_HEADS) Integer heads,
            @Min(1) @Max(ScenarioLimits.MAX_HEADS) Integer kvHeads,
            @Min(1) @Max(ScenarioLimits.MAX_CONTEXT_LENGTH) Integer contextLength,
            @Schema(description = "Towers of a multi-modal model, e.g. a vision encoder")
            @Valid List<Component> components,
            @Schema(ref = "AttentionVariant")
            @OneOf(ScenarioLimits.AttentionVariant.class) String attention,
            @Schema(description = "Key/value dimension per head; default hiddenSize / heads")
            @Min(1) @Max(ScenarioLimits.MAX_ATTENTION_DIM) Integer headDim,
            @Schema(description = "MLA: compressed KV dimension per layer (DeepSeek-V3: 512)")
            @Min(1) @Max(ScenarioLimits.MAX_ATTENTION_DIM) Integer kvLoraRank,
            @Schema(description = "MLA: decoupled RoPE key dimension per layer (DeepSeek-V3: 64)")
            @Min(1) @Max(ScenarioLimits.MAX_ATTENTION_DIM) Integer qkRopeHeadDim) implements CrossFieldCheck.Checked {

        public Model(String ref, Double parameters, Double activeParameters, String architecture, Integer layers,
                Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, List<Component> components) {
            this(ref, parameters, activeParameters, architecture, layers, hiddenSize, heads, kvHeads, contextLength, components,
                    null, null, null, null);
        }

        @Override
        public void check(CrossFieldCheck.Violations violations) {
            if (ref == null && parameters == null && components == null) {
                violations.add("ref", "give a catalog model id (model.ref) or an inline model (model.parameters)");
            }
            if (parameters != null && activeParameters != null && activeParameters > parameters) {
                violations.add("activeParameters", "must not exceed model.parameters (the total)");
            }
            if (ref == null && "moe".equals(architecture) && activeParameters == null) {
                violations.add("activeParameters", "is required for a moe model (parameters activated per token)");
            }
            if (heads != null && kvHeads != null && kvHeads > heads) {
                violations.add("kvHeads", "must not exceed model.heads");
            }
            if (components != null) {
                for (int i = 0; i < components.size(); i++) {
                    if (components.get(i) == null) {
                        violations.addElement("components", i, "must be an object");
                    }
                }
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @CrossFieldCheck
    @Schema(name = "ScenarioModelComponent", additionalProperties = Schema.False.class,
            description = "A tower of a multi-modal model; its tokens per sample add to the training tokens")
    public record Component(
            @Schema(examples = "vision") @NotBlank(message = "is required (e.g. vision)") String name,
            @NotNull(message = "is required") @DecimalMin(value = "0", inclusive = false)
            @DecimalMax(ScenarioLimits.MAX_PARAMETERS) Double parameters,
            @Schema(description = "Tokens this component turns one input into (e.g. 257 per image)")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_TOKENS_PER_INPUT) Double tokensPerInput,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_INPUTS_PER_SAMPLE) Double inputsPerSample,
            @Schema(description = "False for a frozen tower (forward pass only); default true") Boolean trainable,
            @Schema(ref = "Modality")
            @OneOf(ScenarioLimits.Modality.class) String modality,
            @Schema(description = "Streams whose tokens it processes besides its own, e.g. [\"image\"] for a language "
                    + "model behind a vision encoder (the image tokens pass through it)")
            @Size(max = 4) List<ScenarioLimits.Modality> sees,
            @Schema(description = "Seconds of audio or video one input covers (Whisper: 30, a window of 1,500 tokens)")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SECONDS_PER_INPUT) Double secondsPerInput,
            @Schema(description = "Tokens per input it hands on to the components after it; default tokensPerInput")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_TOKENS_PER_INPUT) Double outputTokensPerInput)
            implements CrossFieldCheck.Checked {

        @Override
        public void check(CrossFieldCheck.Violations violations) {
            for (int i = 0; sees != null && i < sees.size(); i++) {
                if (sees.get(i) == null) {
                    violations.addElement("sees", i, "must be one of [text, image, video, audio]");
                }
            }
        }
    }

    /** Component names in a trainable list: not blank, at most {@link ScenarioLimits#MAX_COMPONENT_NAME_LENGTH}. */
    static void checkNames(List<String> names, CrossFieldCheck.Violations violations) {
        for (int i = 0; names != null && i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank() || name.length() > ScenarioLimits.MAX_COMPONENT_NAME_LENGTH) {
                violations.addElement("trainable", i, "must be a component name (at most "
                        + ScenarioLimits.MAX_COMPONENT_NAME_LENGTH + " characters)");
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @CrossFieldCheck
    @Schema(name = "ScenarioTraining", additionalProperties = Schema.False.class)
    public record Training(
            @Schema(description = "Text tokens per epoch; default: the catalog model's published count", examples = "3.0e11")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_TOKENS) Double tokens,
            @Schema(description = "Default 1")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_EPOCHS) Double epochs,
            @Schema(ref = "Precision")
            @OneOf(ScenarioLimits.Precision.class) String precision,
            @Schema(description = "Share of the accelerator's dense peak actually achieved; default: an efficiency "
                    + "profile of the accelerator family")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_UTILIZATION) Double utilization,
            @Valid Dataset dataset,
            @Schema(description = "Add the attention FLOPs, 12·L·d·context per token (PaLM's convention); default false")
            Boolean includeAttention,
            @Schema(description = "The components trained (by name; backbone: the parameters outside the components), "
                    + "the others frozen; default: each component's own trainable. Not with stages.",
                    examples = "[\"projector\", \"language-model\"]")
            @Size(max = ScenarioLimits.MAX_TRAINABLE) List<String> trainable,
            @Schema(ref = "Recipe")
            @OneOf(ScenarioLimits.Recipe.class) String recipe,
            @Schema(description = "Training stages in order, each with its data and the components it trains; the "
                    + "estimate reports each and their totals. Not with tokens, trainable or recipe.")
            @Size(min = 1, max = ScenarioLimits.MAX_STAGES) @Valid List<Stage> stages) implements CrossFieldCheck.Checked {

        @Override
        public void check(CrossFieldCheck.Violations violations) {
            checkNames(trainable, violations);
            if (stages != null) {
                if (tokens != null) {
                    violations.add("tokens", "give the tokens of each stage (training.stages[].tokens), not training.tokens");
                }
                if (trainable != null) {
                    violations.add("trainable", "give the trainable components of each stage (training.stages[].trainable)");
                }
                if (recipe != null) {
                    violations.add("recipe", "give either training.stages or training.recipe, not both");
                }
                for (int i = 0; i < stages.size(); i++) {
                    if (stages.get(i) == null) {
                        violations.addElement("stages", i, "must be an object");
                    }
                }
            }
            if (recipe != null && trainable != null) {
                violations.add("trainable", "the published recipe says what each stage trains: give training.stages instead");
            }
        }
    }

    /** One stage of a training recipe (LLaVA-1.5: align trains the projector, instruct the projector and the LM). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @CrossFieldCheck
    @Schema(name = "ScenarioTrainingStage", additionalProperties = Schema.False.class, description = "A stage: its text "
            + "tokens and/or dataset, its epochs, and the components it trains (the others are frozen in it)")
    public record Stage(
            @Schema(examples = "align") @NotBlank(message = "is required (e.g. align)")
            @Size(max = ScenarioLimits.MAX_COMPONENT_NAME_LENGTH) String name,
            @Schema(description = "Text tokens of the stage per epoch")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_TOKENS) Double tokens,
            @Schema(description = "Default 1")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_EPOCHS) Double epochs,
            @Valid Dataset dataset,
            @Schema(description = "Components trained in this stage (backbone: the parameters outside the components); "
                    + "default: each component's own trainable", examples = "[\"projector\"]")
            @Size(max = ScenarioLimits.MAX_TRAINABLE) List<String> trainable) implements CrossFieldCheck.Checked {

        @Override
        public void check(CrossFieldCheck.Violations violations) {
            checkNames(trainable, violations);
            boolean data = dataset != null && (positive(dataset.samples()) || positive(dataset.images())
                    || positive(dataset.videoSeconds()) || positive(dataset.audioSeconds()));
            if (tokens == null && !data) {
                violations.add("tokens", "is required: the stage's text tokens (or dataset samples, images, video or audio)");
            }
        }

        private static boolean positive(Double v) {
            return v != null && v > 0;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScenarioDataset", additionalProperties = Schema.False.class,
            description = "Non-text training data, turned into tokens")
    public record Dataset(
            @Schema(description = "Training samples (e.g. image-text pairs): with each component's inputsPerSample, the "
                    + "images, video or audio when those are not given")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SAMPLES) Double samples,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_IMAGES) Double images,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_TOKENS_PER_IMAGE) Double tokensPerImage,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_MEDIA_SECONDS) Double videoSeconds,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_FRAMES_PER_SECOND) Double framesPerSecond,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_TOKENS_PER_FRAME) Double tokensPerFrame,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_MEDIA_SECONDS) Double audioSeconds,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_AUDIO_TOKENS_PER_SECOND) Double audioTokensPerSecond) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @CrossFieldCheck
    @Schema(name = "ScenarioHardware", additionalProperties = Schema.False.class, description = "Give count (-> days) "
            + "or deadlineDays (-> accelerators needed), not both")
    public record Hardware(
            @Schema(description = "Catalog accelerator id", examples = "nvidia-h100-sxm")
            @NotNull(message = "is required (an accelerator id such as nvidia-h100-sxm)")
            @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String accelerator,
            @Schema(examples = "1024")
            @Min(1) @Max(ScenarioLimits.MAX_ACCELERATORS) Integer count,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_DEADLINE_DAYS) Double deadlineDays)
            implements CrossFieldCheck.Checked {

        @Override
        public void check(CrossFieldCheck.Violations violations) {
            if (count != null && deadlineDays != null) {
                violations.add("deadlineDays", "give either hardware.count (-> days) or hardware.deadlineDays "
                        + "(-> accelerators), not both");
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScenarioPricing", additionalProperties = Schema.False.class, description = "Default: the cheapest "
            + "on-demand offer of the price book, in USD")
    public record Pricing(
            @Schema(examples = "aws") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String provider,
            @Schema(ref = "PricingModel")
            @OneOf(ScenarioLimits.PricingModel.class) String model,
            @Schema(examples = "USD") @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
            @Schema(examples = "us-east-1") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String region,
            @Schema(description = "Overrides the price book, in currency per accelerator-hour")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_PRICE_PER_ACCELERATOR_HOUR) Double pricePerAcceleratorHour) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScenarioServing", additionalProperties = Schema.False.class, description = "Inference after training")
    public record Serving(
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_TOKENS_PER_DAY) Double tokensPerDay,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_MONTHS) Double months,
            @Schema(description = "Catalog accelerator that serves; default hardware.accelerator", examples = "nvidia-h20")
            @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String accelerator,
            @Schema(description = "Load as requests per second of outputTokens each, when tokensPerDay is not given")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_REQUESTS_PER_SECOND) Double requestsPerSecond,
            @Schema(description = "Prompt tokens per request; default 1,024")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_PROMPT_TOKENS) Double promptTokens,
            @Schema(description = "Generated tokens per request; default 256")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_OUTPUT_TOKENS) Double outputTokens,
            @Schema(description = "Images in each prompt: a vision-language model prefills their tokens")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_SERVING_IMAGES_PER_REQUEST) Double imagesPerRequest,
            @Schema(ref = "ServingPrecision")
            @OneOf(ScenarioLimits.ServingPrecision.class) String precision,
            @Schema(ref = "KvCachePrecision")
            @OneOf(ScenarioLimits.KvCachePrecision.class) String kvCachePrecision,
            @Schema(description = "Time-to-first-token target, ms")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_SERVING_LATENCY_MS) Double maxTtftMs,
            @Schema(description = "Time-per-output-token target, ms")
            @DecimalMin(value = "0", inclusive = false) @DecimalMax(ScenarioLimits.MAX_SERVING_LATENCY_MS) Double maxTpotMs) {

        public Serving(Double tokensPerDay, Double months) {
            this(tokensPerDay, months, null, null, null, null, null, null, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ScenarioProgramme", additionalProperties = Schema.False.class, description = "The whole programme "
            + "around the final run: experiments, data and staff (amounts in pricing.currency). A preset sets all three "
            + "from sourced figures; values given here win over the preset's. Without either: the final run alone.")
    public record Programme(
            @Schema(description = "Experiments as a multiple of the final run")
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_EXPERIMENT_MULTIPLIER) Double experimentMultiplier,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_PROGRAMME_AMOUNT) Double dataCost,
            @DecimalMin("0") @DecimalMax(ScenarioLimits.MAX_PROGRAMME_AMOUNT) Double staffCost,
            @Schema(ref = "ProgrammePreset")
            @OneOf(ScenarioLimits.ProgrammePreset.class) String preset) {

        public Programme(Double experimentMultiplier, Double dataCost, Double staffCost) {
            this(experimentMultiplier, dataCost, staffCost, null);
        }
    }
}
