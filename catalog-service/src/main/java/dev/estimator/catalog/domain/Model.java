package dev.estimator.catalog.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A published model with its architecture and training figures. Every figure is a published fact
 * (see {@link #source}); a null means "not published", never "zero".
 */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    /** Organization id (slug). */
    public String organization;
    @Column(name = "release_date")
    public LocalDate releaseDate;
    @Column(name = "modalities_in", length = 500)
    @Convert(converter = JsonTextConverters.StringList.class)
    public List<String> modalitiesIn;
    @Column(name = "modalities_out", length = 500)
    @Convert(converter = JsonTextConverters.StringList.class)
    public List<String> modalitiesOut;
    /** dense | moe */
    public String architecture;
    /** Total parameters. */
    public Double parameters;
    /** Parameters activated per token (MoE); null for dense models, where it equals {@link #parameters}. */
    @Column(name = "active_parameters")
    public Double activeParameters;
    public Integer layers;
    @Column(name = "hidden_size")
    public Integer hiddenSize;
    public Integer heads;
    @Column(name = "kv_heads")
    public Integer kvHeads;
    @Column(name = "context_length")
    public Integer contextLength;
    /** Text tokens seen in pre-training. */
    @Column(name = "training_tokens")
    public Double trainingTokens;
    @Column(name = "training_data", length = 1000)
    public String trainingData;
    /** Published total training compute, FLOP. */
    @Column(name = "training_flops")
    public Double trainingFlops;
    /** Published training compute in PF-days (1 PF-day = 8.64e19 FLOP). */
    @Column(name = "training_pf_days")
    public Double trainingPfDays;
    @Column(name = "training_accelerator")
    public String trainingAccelerator;
    @Column(name = "training_accelerator_count")
    public Integer trainingAcceleratorCount;
    @Column(name = "training_accelerator_hours")
    public Double trainingAcceleratorHours;
    @Column(name = "open_weights")
    public Boolean openWeights;
    @Column(columnDefinition = "text")
    @Convert(converter = JsonTextConverters.ComponentList.class)
    public List<ModelComponent> components;
    @Column(length = 2000)
    public String notes;
    @Column(length = 2000)
    public String source;

    /** "|image|text|": every input and output modality, so a modality filter is one indexed LIKE. */
    @JsonIgnore
    @Column(name = "modality_index", length = 200)
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
