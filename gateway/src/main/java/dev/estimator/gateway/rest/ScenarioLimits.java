package dev.estimator.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The limits of the public scenario request, in one place. The Bean Validation annotations of {@link ScenarioRequest}
 * use these constants, the OpenAPI document ({@code /q/openapi}, {@code docs/api/openapi.json}) is generated from
 * those annotations, and {@code docs/events/scenarios.submitted.schema.json} carries the same numbers (checked by
 * {@code ContractAgreementTest}). The gateway is the only place that enforces them (docs/architecture.md, "Public API
 * and validation"); the stages check only what their own work needs.
 * <p>
 * The caps are far beyond any published run (GPT-4 class: ~2e12 parameters, ~1.5e13 tokens; the largest clusters
 * ~1e5 accelerators) and still catch unit slips (tokens given in thousands, days in hours).
 */
public final class ScenarioLimits {

    /** Catalog, provider and region ids: lowercase, as the catalog and the price book store them. */
    public static final String SLUG = "^[a-z0-9][a-z0-9._-]{0,99}$";
    public static final String SLUG_MESSAGE = "must be an id of lowercase letters, digits, '.', '_' or '-' (at most 100)";
    /** ISO 4217; which currencies can be priced is cost-service's business (it rejects the others). */
    public static final String CURRENCY = "^[A-Z]{3}$";
    public static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as USD or CNY";

    public static final int NAME_MAX_LENGTH = 200;

    public static final String MAX_PARAMETERS = "1e15";
    public static final int MAX_LAYERS = 10_000;
    public static final int MAX_HIDDEN_SIZE = 1_000_000;
    public static final int MAX_HEADS = 10_000;
    public static final int MAX_CONTEXT_LENGTH = 100_000_000;
    public static final String MAX_TOKENS_PER_INPUT = "1e7";
    public static final String MAX_INPUTS_PER_SAMPLE = "1e6";
    /** Seconds of audio or video one component input covers (Whisper: a 30 s window); a day is far beyond any encoder. */
    public static final String MAX_SECONDS_PER_INPUT = "86400";
    /** Components a trainable list may name, and the length of a component name. */
    public static final int MAX_TRAINABLE = 64;
    public static final int MAX_COMPONENT_NAME_LENGTH = 100;
    /** Training stages: published recipes have 2-4 (LLaVA-1.5: 2, Qwen-VL: 3). */
    public static final int MAX_STAGES = 16;
    /** Training samples per epoch (image-text pairs): LAION-5B has 5.85e9. */
    public static final String MAX_SAMPLES = "1e13";

    public static final String MAX_TOKENS = "1e17";
    public static final String MAX_EPOCHS = "1000";
    public static final String MAX_UTILIZATION = "1";
    public static final String MAX_IMAGES = "1e13";
    public static final String MAX_TOKENS_PER_IMAGE = "1e6";
    public static final String MAX_MEDIA_SECONDS = "1e13";
    public static final String MAX_FRAMES_PER_SECOND = "1000";
    public static final String MAX_TOKENS_PER_FRAME = "1e6";
    public static final String MAX_AUDIO_TOKENS_PER_SECOND = "1e5";

    public static final int MAX_ACCELERATORS = 10_000_000;
    /** A hundred years. */
    public static final String MAX_DEADLINE_DAYS = "36500";

    public static final String MAX_PRICE_PER_ACCELERATOR_HOUR = "1e4";
    public static final String MAX_SERVING_TOKENS_PER_DAY = "1e16";
    /** Fifty years. */
    public static final String MAX_SERVING_MONTHS = "600";
    /** Requests per second of load: a billion is far above any single deployment. */
    public static final String MAX_SERVING_REQUESTS_PER_SECOND = "1e9";
    /** Prompt tokens per request: ten million, above the longest published contexts. */
    public static final String MAX_SERVING_PROMPT_TOKENS = "1e7";
    /** Generated tokens per request. */
    public static final String MAX_SERVING_OUTPUT_TOKENS = "1e6";
    public static final String MAX_SERVING_IMAGES_PER_REQUEST = "1000";
    /** Latency targets, ms: an hour. */
    public static final String MAX_SERVING_LATENCY_MS = "3600000";
    /** KV head dimension, MLA latent rank and RoPE key dimension. */
    public static final int MAX_ATTENTION_DIM = 1_000_000;
    public static final String MAX_EXPERIMENT_MULTIPLIER = "1000";
    public static final String MAX_PROGRAMME_AMOUNT = "1e13";

    private ScenarioLimits() {
    }

    /** The values of {@code training.precision}. */
    @Schema(name = "Precision", type = SchemaType.STRING, description = "Training number format; default bf16 (fp16 "
            + "where the accelerator has no bf16)")
    public enum Precision {
        @JsonProperty("fp32") FP32, @JsonProperty("tf32") TF32, @JsonProperty("bf16") BF16, @JsonProperty("fp16") FP16,
        @JsonProperty("fp8") FP8, @JsonProperty("int8") INT8
    }

    /** The values of {@code model.architecture}. */
    @Schema(name = "Architecture", type = SchemaType.STRING, description = "dense: every parameter is active per token; moe: mixture of experts "
            + "(give activeParameters)")
    public enum Architecture {
        @JsonProperty("dense") DENSE, @JsonProperty("moe") MOE
    }

    /** The values of {@code pricing.model}. */
    @Schema(name = "PricingModel", type = SchemaType.STRING, description = "How accelerator-hours are bought; default "
            + "on-demand")
    public enum PricingModel {
        @JsonProperty("on-demand") ON_DEMAND, @JsonProperty("reserved-1y") RESERVED_1Y,
        @JsonProperty("reserved-3y") RESERVED_3Y, @JsonProperty("spot") SPOT, @JsonProperty("own-cloud") OWN_CLOUD
    }

    /** The values of {@code training.recipe}. */
    @Schema(name = "Recipe", type = SchemaType.STRING, description = "published: the stages of the catalog model's "
            + "published training recipe (GET /api/v1/models/{id}, recipe)")
    public enum Recipe {
        @JsonProperty("published") PUBLISHED
    }

    /** The values of {@code programme.preset} (cost-service's ProgrammePreset; docs/method/cost.md, "Programme presets"). */
    @Schema(name = "ProgrammePreset", type = SchemaType.STRING, description = "A sourced programme around the final run: "
            + "big-tech-frontier (experiments 9x the final run, $60M data, staff 49% of development cost) or "
            + "efficient-startup (experiments 4x, no data purchase, staff 29%)")
    public enum ProgrammePreset {
        @JsonProperty("big-tech-frontier") BIG_TECH_FRONTIER, @JsonProperty("efficient-startup") EFFICIENT_STARTUP
    }

    /** The values of {@code serving.precision}. */
    @Schema(name = "ServingPrecision", type = SchemaType.STRING, description = "Weight format when serving; default fp8 when "
            + "training is fp8, else bf16. int4 is weight-only (computed in 16 bits)")
    public enum ServingPrecision {
        @JsonProperty("bf16") BF16, @JsonProperty("fp16") FP16, @JsonProperty("fp8") FP8, @JsonProperty("int8") INT8,
        @JsonProperty("int4") INT4
    }

    /** The values of {@code serving.kvCachePrecision}. */
    @Schema(name = "KvCachePrecision", type = SchemaType.STRING, description = "KV cache format; default bf16")
    public enum KvCachePrecision {
        @JsonProperty("bf16") BF16, @JsonProperty("fp16") FP16, @JsonProperty("fp8") FP8
    }

    /** The values of {@code model.attention}. */
    @Schema(name = "AttentionVariant", type = SchemaType.STRING, description = "How keys and values are cached: mha (one per "
            + "head), gqa (kvHeads groups), mqa (one), mla (kvLoraRank latent + qkRopeHeadDim RoPE key per layer)")
    public enum AttentionVariant {
        @JsonProperty("mha") MHA, @JsonProperty("gqa") GQA, @JsonProperty("mqa") MQA, @JsonProperty("mla") MLA
    }

    /** The values of {@code model.components[].modality}. */
    @Schema(name = "Modality", type = SchemaType.STRING, description = "What a model component reads")
    public enum Modality {
        @JsonProperty("text") TEXT, @JsonProperty("image") IMAGE, @JsonProperty("video") VIDEO, @JsonProperty("audio") AUDIO
    }
}
