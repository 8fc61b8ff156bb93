package dev.estimator.catalog.rest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelComponent;
import dev.estimator.catalog.repository.TrainingRecipe;
import dev.estimator.chassis.error.InvalidInputException.Violation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A catalog model: the body of POST /models and PUT /models/{id}, and what GET answers. Every figure is a published
 * one (see {@code source}); null means "not published". Upper bounds are far above any published model: beyond
 * them a number is a typo, not a fact.
 */
@Schema(name = "Model", description = "A published model with its architecture and training figures")
@Consistent
public record ModelData(
        @Schema(description = "Lowercase slug; required on POST, taken from the path on PUT", example = "llama-2-70b")
        @NotBlank(groups = OnCreate.class) @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String id,
        @NotBlank @Size(max = 200) String name,
        @Schema(description = "Organization id") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String organization,
        LocalDate releaseDate,
        @Schema(description = "At least one of text, image, audio, video") List<String> modalitiesIn,
        @Schema(description = "At least one of text, image, audio, video") List<String> modalitiesOut,
        @Schema(enumeration = { "dense", "moe" }) @NotNull @Pattern(regexp = "dense|moe") String architecture,
        @Schema(description = "Total parameters") @Positive @DecimalMax("1e15") Double parameters,
        @Schema(description = "Parameters activated per token; required for moe, at most parameters")
        @Positive @DecimalMax("1e15") Double activeParameters,
        @Positive @Max(10_000) Integer layers,
        @Positive @Max(1_000_000) Integer hiddenSize,
        @Positive @Max(10_000) Integer heads,
        @Schema(description = "At most heads") @Positive @Max(10_000) Integer kvHeads,
        @Positive @Max(100_000_000) Integer contextLength,
        @Schema(description = "Text tokens seen in pre-training") @Positive @DecimalMax("1e17") Double trainingTokens,
        @Size(max = 1000) String trainingData,
        @Schema(description = "Published total training compute, FLOP") @Positive @DecimalMax("1e30") Double trainingFlops,
        @Schema(description = "Published training compute, PF-days (8.64e19 FLOP each)")
        @Positive @DecimalMax("1e10") Double trainingPfDays,
        @Schema(description = "Accelerator id") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String trainingAccelerator,
        @Positive @Max(10_000_000) Integer trainingAcceleratorCount,
        @Positive @DecimalMax("1e12") Double trainingAcceleratorHours,
        Boolean openWeights,
        @Schema(description = "The parts of a multi-modal model, e.g. CLIP's image and text towers")
        @Valid List<Component> components,
        @Schema(description = "The published training recipe, if any") @Valid Recipe recipe,
        @Size(max = 2000) String notes,
        @NotBlank @Size(max = 2000) String source,
        @Schema(description = "KV cache layout when serving (issue #17): mha, gqa, mqa or mla; absent: inferred from heads "
                + "and kvHeads") @Pattern(regexp = "mha|gqa|mqa|mla", message = "must be one of [mha, gqa, mqa, mla]")
        String attention,
        @Schema(description = "Key/value dimension per head, when not hiddenSize / heads") @Positive @Max(100_000) Integer headDim,
        @Schema(description = "MLA: compressed KV dimension per layer (DeepSeek-V3: 512)") @Positive @Max(1_000_000)
        Integer kvLoraRank,
        @Schema(description = "MLA: decoupled RoPE key dimension per layer (DeepSeek-V3: 64)") @Positive @Max(100_000)
        Integer qkRopeHeadDim) implements Consistent.Checked {

    static final String SLUG = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String SLUG_MESSAGE = "must be a lowercase slug ([a-z0-9][a-z0-9._-]*, at most 100 characters)";
    static final Set<String> MODALITIES = Set.of("text", "image", "audio", "video");
    static final String MODALITY = "(?i)text|image|audio|video";

    /** A part of a multi-modal model with the tokens it processes per input; {@code trainable=false}: frozen. */
    @Schema(name = "ModelComponent")
    public record Component(
            @NotBlank @Size(max = 100) String name,
            @Schema(enumeration = { "text", "image", "audio", "video" }) @NotNull @Pattern(regexp = "text|image|audio|video") String modality,
            @NotNull @Positive @DecimalMax("1e15") Double parameters,
            @Schema(description = "Tokens per input of its own modality (image, frame, audio second or window); for a "
                    + "text component, text tokens per sample")
            @Positive @Max(100_000_000) Integer tokensPerInput,
            @Positive @Max(1_000_000) Integer inputsPerSample,
            @Schema(description = "Trained by default; a stage or training.trainable may say otherwise") Boolean trainable,
            @Schema(description = "Other streams whose tokens pass through it (a language model behind a vision encoder: "
                    + "[image])") @Size(max = 4) List<@NotNull @Pattern(regexp = "text|image|audio|video") String> sees,
            @Schema(description = "Seconds of audio or video one input covers (Whisper: 30)") @Positive @DecimalMax("86400")
            Double secondsPerInput,
            @Schema(description = "Tokens per input it hands on, when fewer than it reads (a Q-Former: 32)")
            @Positive @Max(100_000_000) Integer outputTokensPerInput) {
    }

    /** A published training recipe: its stages in order, each with its data and the components it trains. */
    @Schema(name = "TrainingRecipe", description = "The stages a paper or card publishes; a scenario uses them with "
            + "training.recipe: published")
    public record Recipe(@NotNull @Size(min = 1, max = 16) @Valid List<@NotNull RecipeStage> stages,
            @NotBlank @Size(max = 2000) String source, @Size(max = 2000) String notes) {
    }

    @Schema(name = "TrainingRecipeStage")
    public record RecipeStage(@NotBlank @Size(max = 100) String name,
            @Schema(description = "Text tokens") @Positive @DecimalMax("1e17") Double tokens,
            @Positive @DecimalMax("1000") Double epochs,
            @Valid RecipeDataset dataset,
            @Schema(description = "Components trained in the stage, by name") List<@NotBlank String> trainable) {
    }

    @Schema(name = "TrainingRecipeDataset")
    public record RecipeDataset(@PositiveOrZero Double samples, @PositiveOrZero Double images,
            @PositiveOrZero Double videoSeconds, @PositiveOrZero Double audioSeconds) {
    }

    @Override
    public List<Violation> inconsistencies() {
        List<Violation> found = new ArrayList<>();
        modalities(found, "modalitiesIn", modalitiesIn);
        modalities(found, "modalitiesOut", modalitiesOut);
        if (activeParameters != null && parameters != null && activeParameters > parameters) {
            found.add(new Violation("activeParameters", "cannot exceed parameters (" + parameters + ")"));
        }
        if ("moe".equals(architecture) && parameters != null && activeParameters == null) {
            found.add(new Violation("activeParameters", "is required for a moe model with known parameters"));
        }
        if (kvHeads != null && heads != null && kvHeads > heads) {
            found.add(new Violation("kvHeads", "cannot exceed heads (" + heads + ")"));
        }
        for (int i = 0; components != null && i < components.size(); i++) {
            if (components.get(i) == null) {
                found.add(new Violation("components[" + i + "]", "must be an object"));
            }
        }
        return found;
    }

    private static void modalities(List<Violation> found, String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            found.add(new Violation(field, "is required: at least one of " + MODALITIES));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!MODALITIES.contains(values.get(i))) {
                found.add(new Violation(field + "[" + i + "]", "must be one of " + MODALITIES + ", was '" + values.get(i) + "'"));
            }
        }
    }

    static ModelData of(Model m) {
        return new ModelData(m.id, m.name, m.organization, m.releaseDate, m.modalitiesIn, m.modalitiesOut, m.architecture,
                m.parameters, m.activeParameters, m.layers, m.hiddenSize, m.heads, m.kvHeads, m.contextLength,
                m.trainingTokens, m.trainingData, m.trainingFlops, m.trainingPfDays, m.trainingAccelerator,
                m.trainingAcceleratorCount, m.trainingAcceleratorHours, m.openWeights,
                m.components == null ? null : m.components.stream().map(c -> new Component(c.name(), c.modality(),
                        c.parameters(), c.tokensPerInput(), c.inputsPerSample(), c.trainable(), c.sees(), c.secondsPerInput(),
                        c.outputTokensPerInput())).toList(),
                m.recipe == null ? null : new Recipe(m.recipe.stages() == null ? null : m.recipe.stages().stream()
                        .map(st -> new RecipeStage(st.name(), st.tokens(), st.epochs(), st.dataset() == null ? null
                                : new RecipeDataset(st.dataset().samples(), st.dataset().images(), st.dataset().videoSeconds(),
                                        st.dataset().audioSeconds()), st.trainable())).toList(),
                        m.recipe.source(), m.recipe.notes()),
                m.notes, m.source, m.attention, m.headDim, m.kvLoraRank, m.qkRopeHeadDim);
    }

    Model toEntity() {
        Model m = new Model();
        m.id = id;
        m.name = name;
        m.organization = organization;
        m.releaseDate = releaseDate;
        m.modalitiesIn = List.copyOf(modalitiesIn);
        m.modalitiesOut = List.copyOf(modalitiesOut);
        m.architecture = architecture;
        m.parameters = parameters;
        m.activeParameters = activeParameters;
        m.layers = layers;
        m.hiddenSize = hiddenSize;
        m.heads = heads;
        m.kvHeads = kvHeads;
        m.contextLength = contextLength;
        m.trainingTokens = trainingTokens;
        m.trainingData = trainingData;
        m.trainingFlops = trainingFlops;
        m.trainingPfDays = trainingPfDays;
        m.trainingAccelerator = trainingAccelerator;
        m.trainingAcceleratorCount = trainingAcceleratorCount;
        m.trainingAcceleratorHours = trainingAcceleratorHours;
        m.openWeights = openWeights;
        m.components = components == null ? null : components.stream().map(c -> new ModelComponent(c.name(), c.modality(),
                c.parameters(), c.tokensPerInput(), c.inputsPerSample(), c.trainable(), c.sees(), c.secondsPerInput(),
                c.outputTokensPerInput())).toList();
        m.recipe = recipe == null ? null : new TrainingRecipe(recipe.stages().stream()
                .map(st -> new TrainingRecipe.Stage(st.name(), st.tokens(), st.epochs(), st.dataset() == null ? null
                        : new TrainingRecipe.Dataset(st.dataset().samples(), st.dataset().images(), st.dataset().videoSeconds(),
                                st.dataset().audioSeconds()), st.trainable())).toList(), recipe.source(), recipe.notes());
        m.notes = notes;
        m.source = source;
        m.attention = attention;
        m.headDim = headDim;
        m.kvLoraRank = kvLoraRank;
        m.qkRopeHeadDim = qkRopeHeadDim;
        m.refreshModalityIndex();
        return m;
    }
}
