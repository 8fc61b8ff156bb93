package dev.estimator.catalog.rest;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import dev.estimator.catalog.domain.Model;
import dev.estimator.catalog.domain.ModelComponent;

/** Body of POST /models and PUT /models/{id}. */
public record ModelInput(String id, String name, String organization, LocalDate releaseDate, List<String> modalitiesIn,
        List<String> modalitiesOut, String architecture, Double parameters, Double activeParameters, Integer layers,
        Integer hiddenSize, Integer heads, Integer kvHeads, Integer contextLength, Double trainingTokens,
        String trainingData, Double trainingFlops, Double trainingPfDays, String trainingAccelerator,
        Integer trainingAcceleratorCount, Double trainingAcceleratorHours, Boolean openWeights,
        List<ModelComponent> components, String notes, String source) {

    public static final Set<String> MODALITIES = Set.of("text", "image", "audio", "video");
    public static final Set<String> ARCHITECTURES = Set.of("dense", "moe");
    /** Largest published models are ~2e12 parameters; beyond 1e15 a number is a typo. */
    public static final double MAX_PARAMETERS = 1e15;
    static final double MAX_TOKENS = 1e17;

    void validate(boolean idRequired) {
        FieldChecks c = new FieldChecks();
        c.slug("id", id, idRequired);
        c.text("name", name, true, 200);
        c.slug("organization", organization, false);
        modalities(c, "modalitiesIn", modalitiesIn);
        modalities(c, "modalitiesOut", modalitiesOut);
        c.oneOf("architecture", architecture, ARCHITECTURES, true);
        c.positive("parameters", parameters, MAX_PARAMETERS, false);
        c.positive("activeParameters", activeParameters, MAX_PARAMETERS, false);
        if (activeParameters != null && parameters != null && activeParameters > parameters) {
            c.add("activeParameters", "cannot exceed parameters (" + parameters + ")");
        }
        if ("moe".equals(architecture) && parameters != null && activeParameters == null) {
            c.add("activeParameters", "is required for a moe model with known parameters");
        }
        c.positive("layers", layers, 10_000, false);
        c.positive("hiddenSize", hiddenSize, 1_000_000, false);
        c.positive("heads", heads, 10_000, false);
        c.positive("kvHeads", kvHeads, 10_000, false);
        if (kvHeads != null && heads != null && kvHeads > heads) {
            c.add("kvHeads", "cannot exceed heads (" + heads + ")");
        }
        c.positive("contextLength", contextLength, 1e8, false);
        c.positive("trainingTokens", trainingTokens, MAX_TOKENS, false);
        c.text("trainingData", trainingData, false, 1000);
        c.positive("trainingFlops", trainingFlops, 1e30, false);
        c.positive("trainingPfDays", trainingPfDays, 1e10, false);
        c.slug("trainingAccelerator", trainingAccelerator, false);
        c.positive("trainingAcceleratorCount", trainingAcceleratorCount, 1e7, false);
        c.positive("trainingAcceleratorHours", trainingAcceleratorHours, 1e12, false);
        if (components != null) {
            for (int i = 0; i < components.size(); i++) {
                ModelComponent m = components.get(i);
                String at = "components[" + i + "].";
                if (m == null) {
                    c.add("components[" + i + "]", "must be an object");
                    continue;
                }
                c.text(at + "name", m.name(), true, 100);
                c.oneOf(at + "modality", m.modality(), MODALITIES, true);
                c.positive(at + "parameters", m.parameters(), MAX_PARAMETERS, true);
                c.positive(at + "tokensPerInput", m.tokensPerInput(), 1e8, true);
                c.positive(at + "inputsPerSample", m.inputsPerSample(), 1e6, false);
            }
        }
        c.text("notes", notes, false, 2000);
        c.text("source", source, true, 2000);
        c.throwIfAny();
    }

    private static void modalities(FieldChecks c, String field, List<String> values) {
        if (values == null || values.isEmpty()) {
            c.add(field, "is required: at least one of " + MODALITIES);
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            c.oneOf(field + "[" + i + "]", values.get(i), MODALITIES, true);
        }
    }

    void applyTo(Model m) {
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
        m.components = components == null ? null : List.copyOf(components);
        m.notes = notes;
        m.source = source;
        m.refreshModalityIndex();
    }
}
