package dev.estimator.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelComponent;
import dev.estimator.catalog.repository.TrainingRecipe;

/** The multi-modal part of the seed catalog (issue #14): every entry sourced, with components a scenario can name. */
class MultiModalCatalogTest {

    /** The seed report's multi-modal models and those of 2024-2025 the catalog must carry. */
    static final List<String> REQUIRED = List.of("clip-vit-l-14", "blip-base", "blip-2-opt-2.7b", "llava-1.5-7b", "llava-1.5-13b",
            "qwen-vl", "qwen2-vl-7b", "internvl2.5-8b", "llama-3.2-11b-vision", "deepseek-vl2", "glm-4v-9b", "kimi-vl-a3b",
            "whisper-large-v2", "whisper-large-v3", "cogvideox-5b", "stable-video-diffusion", "stable-diffusion-v1-5");

    static Map<String, Model> models;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = MultiModalCatalogTest.class.getResourceAsStream("/seed/models.json")) {
            models = new ObjectMapper().findAndRegisterModules().<List<Model>>readValue(in, new TypeReference<>() {
            }).stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
        }
    }

    @Test
    void everyRequiredModelHasParametersNamedComponentsAndAUrlSource() {
        for (String id : REQUIRED) {
            Model m = models.get(id);
            assertNotNull(m, id);
            assertNotNull(m.parameters, id + " needs a parameter count (a model.ref without one is rejected)");
            assertTrue(m.source != null && m.source.contains("https://"), id + " cites a paper or model card URL: " + m.source);
            assertFalse(m.components == null || m.components.isEmpty(), id + " has components");
            Set<String> names = new HashSet<>();
            double sum = 0;
            for (ModelComponent c : m.components) {
                assertTrue(names.add(c.name()), id + ": component names are unique (a stage names them)");
                assertTrue(List.of("text", "image", "audio", "video").contains(c.modality()), id + " " + c.name());
                assertTrue(c.parameters() > 0, id + " " + c.name());
                sum += c.parameters();
                if (!c.modality().equals("text")) {
                    assertNotNull(c.tokensPerInput(), id + " " + c.name() + ": tokens per input of its modality");
                }
            }
            double active = m.activeParameters != null ? m.activeParameters : m.parameters;
            // The components are the model: what is left (the backbone) is trained in every stage, so it must be small.
            assertTrue(sum <= active * 1.02 && sum >= active * 0.9, id + ": components " + sum + " vs " + active);
        }
    }

    @Test
    void theLanguageModelBehindAVisionEncoderSeesTheImageTokens() {
        for (String id : List.of("llava-1.5-13b", "blip-2-opt-2.7b", "qwen-vl", "qwen2-vl-7b", "internvl2.5-8b", "deepseek-vl2",
                "glm-4v-9b", "kimi-vl-a3b")) {
            ModelComponent lm = models.get(id).components.stream().filter(c -> c.name().equals("language-model")).findFirst()
                    .orElseThrow();
            assertEquals(List.of("image"), lm.sees(), id);
        }
        // Cross-attention models read the image tokens as keys and values only: their LM sees text.
        for (String id : List.of("llama-3.2-11b-vision", "flamingo-80b")) {
            assertTrue(models.get(id).components.stream().allMatch(c -> c.sees() == null), id);
        }
        // Whisper: 1,500 encoder positions per 30 s window (Radford et al. 2022, section 2.2), i.e. 50 per second.
        ModelComponent encoder = models.get("whisper-large-v3").components.get(0);
        assertEquals(1500, encoder.tokensPerInput());
        assertEquals(30.0, encoder.secondsPerInput());
        // Stable Diffusion: the frozen VAE encoder comes before the UNet in the data flow (forward only).
        List<ModelComponent> sd = models.get("stable-diffusion-v1-5").components;
        assertEquals("autoencoder", sd.get(0).name());
        assertEquals(Boolean.FALSE, sd.get(0).trainable());
        assertEquals("unet", sd.get(sd.size() - 1).name());
    }

    @Test
    void everyRecipeStageNamesComponentsOfItsModel() {
        int recipes = 0;
        for (Model m : models.values()) {
            TrainingRecipe recipe = m.recipe;
            if (recipe == null) {
                continue;
            }
            recipes++;
            assertTrue(recipe.source() != null && !recipe.source().isBlank(), m.id);
            Set<String> names = m.components.stream().map(ModelComponent::name).collect(Collectors.toSet());
            for (TrainingRecipe.Stage stage : recipe.stages()) {
                assertNotNull(stage.name(), m.id);
                assertTrue(names.containsAll(stage.trainable()), m.id + " " + stage.name() + ": " + stage.trainable());
                boolean data = stage.tokens() != null || (stage.dataset() != null && stage.dataset().samples() != null);
                assertTrue(data, m.id + " " + stage.name() + " has tokens or samples");
            }
        }
        assertTrue(recipes >= 3, "CLIP and both LLaVA-1.5 carry their published recipes");
    }
}
