package dev.estimator.catalog.repository;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;

import jakarta.persistence.Convert;
import jakarta.persistence.Entity;

/**
 * A published model with its architecture and training figures. Every figure is a published fact
 * (see {@link #source}); a null means "not published", never "zero".
 */
@Entity
public class Model extends CatalogEntity {

    public String name;
    /** Organization id (slug). */
    public String organization;
    public LocalDate releaseDate;
    @Convert(converter = JsonTextConverter.StringList.class)
    public List<String> modalitiesIn;
    @Convert(converter = JsonTextConverter.StringList.class)
    public List<String> modalitiesOut;
    /** dense | moe */
    public String architecture;
    /** Total parameters. */
    public Double parameters;
    /** Parameters activated per token (MoE); null for dense models, where it equals {@link #parameters}. */
    public Double activeParameters;
    public Integer layers;
    public Integer hiddenSize;
    public Integer heads;
    public Integer kvHeads;
    /** KV cache layout when serving: mha | gqa | mqa | mla; null: not published (inferred from heads and kvHeads). */
    public String attention;
    /** Key/value dimension per head, when it is not hiddenSize / heads. */
    public Integer headDim;
    /** MLA: the compressed KV (latent) dimension cached per layer (DeepSeek-V3: 512). */
    public Integer kvLoraRank;
    /** MLA: the decoupled RoPE key dimension cached per layer (DeepSeek-V3: 64). */
    public Integer qkRopeHeadDim;
    public Integer contextLength;
    /** Text tokens seen in pre-training. */
    public Double trainingTokens;
    public String trainingData;
    /** Published total training compute, FLOP. */
    public Double trainingFlops;
    /** Published training compute in PF-days (1 PF-day = 8.64e19 FLOP). */
    public Double trainingPfDays;
    public String trainingAccelerator;
    public Integer trainingAcceleratorCount;
    public Double trainingAcceleratorHours;
    public Boolean openWeights;
    @Convert(converter = JsonTextConverter.ComponentList.class)
    public List<ModelComponent> components;
    /** The published training recipe (stages), or null. */
    @Convert(converter = JsonTextConverter.Recipe.class)
    public TrainingRecipe recipe;
    public String notes;

    /** "|image|text|": every input and output modality, so a modality filter is one LIKE on one short column. */
    @JsonIgnore
    public String modalityIndex;

    public void refreshModalityIndex() {
        TreeSet<String> all = new TreeSet<>();
        if (modalitiesIn != null) {
            all.addAll(modalitiesIn);
        }
        if (modalitiesOut != null) {
            all.addAll(modalitiesOut);
        }
        modalityIndex = "|" + String.join("|", all) + "|";
    }
}
