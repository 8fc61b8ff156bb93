package dev.estimator.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The catalog REST API over real PostgreSQL with the seed loaded. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class CatalogResourceTest {

    /** Edits need role admin (WriteAuthorizationTest covers the refusals). */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("type", notNullValue()).body("title", notNullValue())
                .body("detail", notNullValue());
    }

    // ---- seed content, checked against the published sources ----

    @Test
    void gpt3FamilyHasTheParameterCountsAndComputeOfTableD1() {
        // Brown et al. 2020, Table D.1: parameters and total train compute in PF-days, 300B tokens each.
        Map<String, double[]> tableD1 = Map.of(
                "gpt-3-small", new double[] {125e6, 2.60}, "gpt-3-medium", new double[] {356e6, 7.42},
                "gpt-3-large", new double[] {760e6, 15.8}, "gpt-3-xl", new double[] {1.32e9, 27.5},
                "gpt-3-2.7b", new double[] {2.65e9, 55.2}, "gpt-3-6.7b", new double[] {6.66e9, 139},
                "gpt-3-13b", new double[] {12.85e9, 268}, "gpt-3-175b", new double[] {174.6e9, 3640});
        tableD1.forEach((id, row) -> {
            Map<String, Object> m = given().get("/models/" + id).then().statusCode(200).extract().as(Map.class);
            assertEquals(row[0], ((Number) m.get("parameters")).doubleValue(), 1, id);
            assertEquals(row[1], ((Number) m.get("trainingPfDays")).doubleValue(), 1e-9, id);
            assertEquals(300e9, ((Number) m.get("trainingTokens")).doubleValue(), 1, id);
        });
        // Seed report [9]: 3640 PF-days and at least 10,000 GPUs.
        given().get("/models/gpt-3-175b").then()
                .body("trainingAcceleratorCount", equalTo(10000))
                .body("source", containsString("seed report [9]"));
    }

    @Test
    void everySeededRowCarriesASource() {
        for (String path : List.of("/models", "/accelerators", "/organizations")) {
            given().queryParam("size", 200).get(path).then().statusCode(200)
                    .body("items.source", everyItem(notNullValue()));
        }
        given().get("/industry-chain").then().statusCode(200)
                .body("layers.source", everyItem(notNullValue()))
                .body("applications.source", everyItem(notNullValue()));
    }

    @Test
    void catalogCoversTheRequiredModelsAndModalities() {
        List<String> ids = given().queryParam("size", 200).get("/models").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertTrue(ids.size() >= 30, "at least 30 models, got " + ids.size());
        assertTrue(ids.containsAll(List.of("llama-7b", "llama-2-70b", "llama-3-70b", "llama-3.1-405b", "deepseek-v2",
                "deepseek-v3", "qwen-vl", "blip-2-opt-2.7b", "blip-base", "llava-1.5-13b", "flamingo-80b", "whisper-large-v3",
                "clip-vit-l-14", "stable-diffusion-v1-5", "cogvideox-5b")), ids.toString());
        for (String modality : List.of("text", "image", "audio", "video")) {
            given().queryParam("modality", modality).get("/models").then().statusCode(200)
                    .body("total", org.hamcrest.Matchers.greaterThan(0));
        }
        // CLIP paper: image tower ~304M params, 257 tokens per 224 px image; text tower ~123M, 77 tokens.
        given().get("/models/clip-vit-l-14").then()
                .body("components[0].parameters", equalTo(3.04e8f))
                .body("components[0].tokensPerInput", equalTo(257))
                .body("components[1].tokensPerInput", equalTo(77));
    }

    @Test
    void aModelShowsItsComponentsAndPublishedRecipe() {
        // LLaVA-1.5 (arXiv:2310.03744, section 4): align trains the projector on 558K pairs, instruct the projector and
        // the LLM on the 665K mix; the 576 image tokens the projector hands on pass through the language model.
        given().get("/models/llava-1.5-13b").then().statusCode(200)
                .body("components.name", equalTo(List.of("vision-encoder", "projector", "language-model")))
                .body("components[2].sees", equalTo(List.of("image")))
                .body("components[0].trainable", equalTo(false))
                .body("recipe.stages.name", equalTo(List.of("align", "instruct")))
                .body("recipe.stages[0].trainable", equalTo(List.of("projector")))
                .body("recipe.stages[1].trainable", equalTo(List.of("projector", "language-model")))
                .body("recipe.stages[1].dataset.images", equalTo(624000f))
                .body("recipe.source", containsString("arxiv.org/abs/2310.03744"));
        given().get("/models/whisper-large-v3").then().statusCode(200).body("components[0].secondsPerInput", equalTo(30f))
                .body("recipe", nullValue());
    }

    @Test
    void aRecipeEditedThroughTheApiIsValidatedAndKept() {
        String id = "recipe-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> model = new java.util.HashMap<>(Map.of("id", id, "name", "Staged VLM", "modalitiesIn", List.of("image", "text"),
                "modalitiesOut", List.of("text"), "architecture", "dense", "parameters", 7.3e9, "source", "test",
                "components", List.of(Map.of("name", "vision", "modality", "image", "parameters", 3.0e8, "tokensPerInput", 577,
                        "trainable", false), Map.of("name", "lm", "modality", "text", "parameters", 7.0e9, "sees", List.of("image")))));
        model.put("recipe", Map.of("source", "test", "stages", List.of(Map.of("name", "align", "tokens", 1e7,
                "dataset", Map.of("images", 5e5), "trainable", List.of("lm")))));
        asAdmin().contentType(ContentType.JSON).body(model).post("/models").then().statusCode(201);
        given().get("/models/" + id).then().statusCode(200).body("recipe.stages[0].name", equalTo("align"))
                .body("components[1].sees", equalTo(List.of("image"))).body("components[1].tokensPerInput", nullValue());
        Map<String, Object> bad = new java.util.HashMap<>(model);
        bad.put("id", id + "-x");
        bad.put("recipe", Map.of("source", "test", "stages", List.of()));
        problem(asAdmin().contentType(ContentType.JSON).body(bad).post("/models").then(), 400)
                .body("errors.field", hasItem("recipe.stages"));
    }

    @Test
    void acceleratorsHaveTheRequiredSlugsAndDensePeaks() {
        List<String> ids = given().queryParam("size", 200).get("/accelerators").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertTrue(ids.containsAll(List.of("nvidia-v100-32gb", "nvidia-a100-40gb", "nvidia-a100-80gb", "nvidia-h100-sxm",
                "nvidia-h800", "nvidia-h200", "nvidia-h20", "nvidia-b200", "amd-mi300x", "huawei-ascend-910b", "google-tpu-v4",
                "google-tpu-v5e", "google-tpu-v5p")), ids.toString());
        // H100 SXM datasheet: 1,979 TFLOPS bf16 *with sparsity*, i.e. 989.4 dense; TPU v5e docs: 197 TFLOPS bf16.
        given().get("/accelerators/nvidia-h100-sxm").then().body("bf16Tflops", equalTo(989.4f));
        given().get("/accelerators/google-tpu-v5e").then().body("bf16Tflops", equalTo(197.0f));
        given().queryParam("organization", "google").get("/accelerators").then().body("total", equalTo(3));
    }

    @Test
    void organizationsOfTheSeedReportWithTheirClouds() {
        given().get("/organizations/alibaba").then().statusCode(200).body("ownCloud", equalTo("Alibaba Cloud"))
                .body("reportedTrainingCostUsdMin", equalTo(2e8f));
        given().get("/organizations/moonshot-ai").then().statusCode(200).body("reportedTrainingCostUsdMax", equalTo(6e7f));
        given().queryParam("q", "kimi").get("/organizations").then().body("items.id", hasItem("moonshot-ai"));
        given().queryParam("country", "CN").queryParam("kind", "big-tech").get("/organizations").then()
                .body("items.id", hasItems("baidu", "alibaba", "tencent", "huawei"));
    }

    @Test
    void industryChainHasThreeLayersAndTheFiveSectors() {
        given().get("/industry-chain").then().statusCode(200)
                .body("layers.layer", equalTo(List.of("foundation", "model", "application")))
                .body("applications.id", hasItems("natural-language-processing", "image-recognition", "speech-recognition",
                        "intelligent-driving", "medical-imaging-diagnosis"));
    }

    @Test
    void historyHasTheFourPhasesAndAFittedDoublingTime() {
        ValidatableResponse history = given().get("/history").then().statusCode(200)
                .body("phases.startYear", equalTo(List.of(1956, 2006, 2020, 2023)))
                .body("phases.endYear", equalTo(java.util.Arrays.asList(2005, 2019, 2022, null)))
                .body("phases[2].milestones.id", hasItem("gpt-3-175b"))
                .body("trainingComputeTrend.years", notNullValue());
        Map<String, Object> trend = history.extract().jsonPath().getMap("trainingComputeTrend");
        double months = ((Number) trend.get("doublingTimeMonths")).doubleValue();
        // Published fits of the deep-learning era: ~3.4 months (Amodei & Hernandez 2018, 2012-2018) to ~6 months
        // (Sevilla et al. 2022, 2010-2022). The catalog's sample must land in that order of magnitude.
        assertTrue(months > 2 && months < 24, "doubling time " + months);
        assertTrue(((Number) trend.get("points")).intValue() >= 20, trend.toString());
    }

    // ---- filters, paging, sorting ----

    @Test
    void filtersCombineAndPage() {
        // Meta's catalog: LLaMA 4 + Llama 2 3 + Llama 3 2 + Llama 3.1 3 + Llama 3.2 Vision 1 = 13 models.
        given().queryParam("organization", "meta").queryParam("size", 5).queryParam("page", 1)
                .queryParam("sort", "-parameters").get("/models").then().statusCode(200)
                .body("total", equalTo(13)).body("page", equalTo(1)).body("size", equalTo(5)).body("items", hasSize(5));
        List<String> all = given().queryParam("organization", "meta").queryParam("size", 200).queryParam("sort", "-parameters")
                .get("/models").then().extract().jsonPath().getList("items.id");
        assertEquals("llama-3.1-405b", all.get(0));
        List<String> second = given().queryParam("organization", "meta").queryParam("size", 5).queryParam("page", 1)
                .queryParam("sort", "-parameters").get("/models").then().extract().jsonPath().getList("items.id");
        assertEquals(all.subList(5, 10), second);
        given().queryParam("modality", "audio").get("/models").then()
                .body("items.id", equalTo(List.of("whisper-large-v2", "whisper-large-v3")));
        given().queryParam("architecture", "moe").queryParam("organization", "deepseek").get("/models").then()
                .body("items.id", equalTo(List.of("deepseek-v2", "deepseek-v3", "deepseek-vl2")));
        given().queryParam("q", "LLaVA").get("/models").then().body("total", equalTo(2));
        given().queryParam("modality", "video").queryParam("q", "diffusion").get("/models").then()
                .body("items.id", equalTo(List.of("stable-video-diffusion")));
        given().queryParam("page", 99).get("/models").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badListParametersAre400NamingTheParameter() {
        problem(given().queryParam("size", 201).get("/models").then(), 400).body("errors[0].field", equalTo("size"));
        problem(given().queryParam("page", "abc").get("/models").then(), 400).body("errors[0].field", equalTo("page"));
        problem(given().queryParam("page", -1).get("/accelerators").then(), 400).body("errors[0].field", equalTo("page"));
        problem(given().queryParam("sort", "-password").get("/organizations").then(), 400).body("errors[0].field", equalTo("sort"));
        problem(given().queryParam("modality", "smell").get("/models").then(), 400).body("errors[0].field", equalTo("modality"));
        problem(given().queryParam("architecture", "sparse").get("/models").then(), 400)
                .body("errors[0].field", equalTo("architecture"));
        problem(given().queryParam("size", 0).get("/organizations").then(), 400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void hugePagesAre400NeverAnOverflow() {
        // page x size is the row offset: beyond an int it would wrap to a negative offset (a 500 before).
        problem(given().queryParam("page", Integer.MAX_VALUE).queryParam("size", 200).get("/models").then(), 400)
                .body("errors.field", equalTo(List.of("page")));
        problem(given().queryParam("page", "99999999999999999999").get("/accelerators").then(), 400)
                .body("errors.field", equalTo(List.of("page")));
        problem(given().queryParam("size", "99999999999").get("/organizations").then(), 400)
                .body("errors.field", equalTo(List.of("size")));
        // The largest page allowed is simply past the end.
        given().queryParam("page", 999_999).queryParam("size", 200).get("/models").then().statusCode(200)
                .body("items", hasSize(0)).body("page", equalTo(999_999)).body("total", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void openApiNamesTheRequestAndResponseSchemas() {
        Map<String, Object> schemas = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("components.schemas");
        assertTrue(schemas.keySet().containsAll(List.of("Model", "ModelComponent", "Accelerator", "Organization")),
                schemas.keySet().toString());
        given().queryParam("format", "json").get("/q/openapi").then()
                .body("paths.'/models'.post.requestBody.content.'application/json'.schema.$ref", equalTo("#/components/schemas/Model"))
                .body("paths.'/models/{id}'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/Model"))
                .body("components.schemas.Model.required", hasItems("name", "architecture", "source"))
                .body("components.schemas.Model.properties.parameters.maximum", equalTo(1e15f));
    }

    // ---- create, replace, delete ----

    static Map<String, Object> model(String id) {
        return new java.util.HashMap<>(Map.of("id", id, "name", "Test model", "modalitiesIn", List.of("text", "image"),
                "modalitiesOut", List.of("text"), "architecture", "dense", "parameters", 7e9, "layers", 32,
                "components", List.of(Map.of("name", "vision", "modality", "image", "parameters", 3.04e8, "tokensPerInput", 257,
                        "trainable", false)),
                "source", "test"));
    }

    @Test
    void modelLifecycle() {
        String id = "test-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().contentType(ContentType.JSON).body(model(id)).post("/models").then().statusCode(201)
                .header("Location", containsString("/models/" + id)).body("id", equalTo(id));
        given().get("/models/" + id).then().statusCode(200).body("components[0].tokensPerInput", equalTo(257));
        given().queryParam("q", id).queryParam("modality", "image").get("/models").then().body("total", equalTo(1));

        problem(asAdmin().contentType(ContentType.JSON).body(model(id)).post("/models").then(), 409)
                .body("errors[0].field", equalTo("id"));

        Map<String, Object> changed = model(id);
        changed.put("parameters", 8e9);
        changed.put("modalitiesIn", List.of("audio"));
        asAdmin().contentType(ContentType.JSON).body(changed).put("/models/" + id).then().statusCode(200)
                .body("parameters", equalTo(8e9f));
        given().queryParam("q", id).queryParam("modality", "image").get("/models").then().body("total", equalTo(0));

        asAdmin().delete("/models/" + id).then().statusCode(204);
        problem(given().get("/models/" + id).then(), 404);
        problem(asAdmin().delete("/models/" + id).then(), 404);
    }

    @Test
    void invalidModelsAre400NamingEveryField() {
        Map<String, Object> bad = model("Bad Id!");
        bad.put("parameters", -1);
        bad.put("architecture", "sparse");
        bad.put("modalitiesIn", List.of("smell"));
        bad.put("kvHeads", 64);
        bad.put("heads", 32);
        bad.remove("source");
        bad.put("components", List.of(Map.of("name", "x", "modality", "image", "parameters", 2e15, "tokensPerInput", 1)));
        List<String> fields = problem(asAdmin().contentType(ContentType.JSON).body(bad).post("/models").then(), 400)
                .extract().jsonPath().getList("errors.field");
        assertTrue(fields.containsAll(List.of("id", "parameters", "architecture", "modalitiesIn[0]", "kvHeads", "source",
                "components[0].parameters")), fields.toString());

        Map<String, Object> moe = model("test-moe-" + UUID.randomUUID().toString().substring(0, 6));
        moe.put("architecture", "moe");
        moe.put("activeParameters", 9e9);
        problem(asAdmin().contentType(ContentType.JSON).body(moe).post("/models").then(), 400)
                .body("errors.field", hasItem("activeParameters"));
    }

    @Test
    void malformedBodiesAre400NotServerErrors() {
        problem(asAdmin().contentType(ContentType.JSON).body("{\"id\": \"x\", ").post("/models").then(), 400);
        problem(asAdmin().contentType(ContentType.JSON).body("{\"id\": \"x\", \"parameters\": \"lots\"}").post("/models").then(), 400)
                .body("errors[0].field", equalTo("parameters"));
        problem(asAdmin().contentType(ContentType.JSON).body("{\"id\": \"x\", \"releaseDate\": \"yesterday\"}").post("/models").then(), 400)
                .body("errors[0].field", equalTo("releaseDate"));
        problem(asAdmin().contentType(ContentType.JSON).body("{\"id\": \"x\", \"components\": [{\"parameters\": []}]}")
                .post("/models").then(), 400).body("errors[0].field", equalTo("components[0].parameters"));
        problem(asAdmin().contentType(ContentType.JSON).post("/models").then(), 400).body("errors[0].field", equalTo("body"));
        // Jackson reads "NaN" and "Infinity" into a Double; neither is a number and neither may be stored as one.
        for (String notANumber : List.of("NaN", "Infinity")) {
            Map<String, Object> body = model("test-nan");
            body.put("parameters", notANumber);
            problem(asAdmin().contentType(ContentType.JSON).body(body).post("/models").then(), 400)
                    .body("errors.field", everyItem(equalTo("parameters"))).body("errors", org.hamcrest.Matchers.not(hasSize(0)));
        }
    }

    @Test
    void postNeedsAnIdButPutTakesItFromThePath() {
        Map<String, Object> noId = model("x");
        noId.remove("id");
        problem(asAdmin().contentType(ContentType.JSON).body(noId).post("/models").then(), 400)
                .body("errors.field", equalTo(List.of("id")));
        String id = "test-" + UUID.randomUUID().toString().substring(0, 8);
        asAdmin().contentType(ContentType.JSON).body(model(id)).post("/models").then().statusCode(201);
        asAdmin().contentType(ContentType.JSON).body(noId).put("/models/" + id).then().statusCode(200).body("id", equalTo(id));
        asAdmin().delete("/models/" + id).then().statusCode(204);
    }

    @Test
    void putChecksTheIdAndTheTarget() {
        problem(asAdmin().contentType(ContentType.JSON).body(model("other-id")).put("/models/llama-7b").then(), 400)
                .body("errors[0].field", equalTo("id"));
        problem(asAdmin().contentType(ContentType.JSON).body(model("nope-nope")).put("/models/nope-nope").then(), 404);
        problem(given().get("/models/llama-2-7").then(), 404).body("detail", containsString("did you mean 'llama-2-7b'"));
    }

    @Test
    void acceleratorLifecycleAndValidation() {
        String id = "test-acc-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> acc = new java.util.HashMap<>(Map.of("id", id, "vendor", "Test", "name", "T1", "year", 2024,
                "bf16Tflops", 100.0, "memoryGb", 64.0, "source", "test"));
        asAdmin().contentType(ContentType.JSON).body(acc).post("/accelerators").then().statusCode(201);
        problem(asAdmin().contentType(ContentType.JSON).body(acc).post("/accelerators").then(), 409);
        acc.put("bf16Tflops", 0);
        acc.put("memoryGb", 1e9);
        acc.put("year", 1800);
        List<String> fields = problem(asAdmin().contentType(ContentType.JSON).body(acc).put("/accelerators/" + id).then(), 400)
                .extract().jsonPath().getList("errors.field");
        assertTrue(fields.containsAll(List.of("bf16Tflops", "memoryGb", "year")), fields.toString());
        asAdmin().delete("/accelerators/" + id).then().statusCode(204);
        problem(given().get("/accelerators/" + id).then(), 404);
    }

    @Test
    void organizationLifecycleAndValidation() {
        String id = "test-org-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> org = new java.util.HashMap<>(Map.of("id", id, "name", "Test Org", "country", "CN", "kind", "startup",
                "source", "test"));
        asAdmin().contentType(ContentType.JSON).body(org).post("/organizations").then().statusCode(201);
        given().get("/organizations/" + id).then().body("ownCloud", nullValue());
        problem(asAdmin().contentType(ContentType.JSON).body(org).post("/organizations").then(), 409);
        org.put("country", "China");
        org.put("kind", "giant");
        org.put("reportedTrainingCostUsdMin", 5e7);
        org.put("reportedTrainingCostUsdMax", 1e7);
        List<String> fields = problem(asAdmin().contentType(ContentType.JSON).body(org).put("/organizations/" + id).then(), 400)
                .extract().jsonPath().getList("errors.field");
        assertTrue(fields.containsAll(List.of("country", "kind", "reportedTrainingCostUsdMax")), fields.toString());
        asAdmin().delete("/organizations/" + id).then().statusCode(204);
    }
}
