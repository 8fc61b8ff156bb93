package dev.estimator.catalog.repository;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A model's published training recipe: the stages its paper or card describes, each with its data and the components it
 * trains. {@code source} says where the numbers are published; a number the source does not give (say, a stage's text
 * tokens) is this catalog's estimate and {@code notes} says so.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRecipe(List<Stage> stages, String source, String notes) {

    /** One stage, in the shape of a scenario's {@code training.stages[]} (docs/events, scenarios.submitted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(String name, Double tokens, Double epochs, Dataset dataset, List<String> trainable) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(Double samples, Double images, Double videoSeconds, Double audioSeconds) {
    }
}
