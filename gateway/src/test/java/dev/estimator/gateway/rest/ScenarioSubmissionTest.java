package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Validation (each field named), body size limit, Idempotency-Key and Prefer: wait. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ScenarioSubmissionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    void assertInvalid(String body, String... fields) {
        as(TestTokens.analyst()).body(body).when().post("/api/v1/scenarios")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("type", notNullValue()).body("title", notNullValue())
                .body("detail", notNullValue()).body("errors.field", hasItems(fields));
    }

    @Test
    void everyValidationErrorNamesItsField() {
        assertInvalid("{\"model\": {\"parameters\": 1e9}}", "hardware");
        assertInvalid("{\"model\": {\"parameters\": 1e9}, \"hardware\": {\"count\": 8}}", "hardware.accelerator");
        assertInvalid("{\"hardware\": {\"accelerator\": \"nvidia-h100-sxm\"}}", "model");
        assertInvalid("{\"model\": {}, \"hardware\": {\"accelerator\": \"nvidia-h100-sxm\"}}", "model.ref");
        // Several mistakes at once: all of them are reported.
        assertInvalid("""
                {"model": {"parameters": -5, "activeParameters": 1e9, "architecture": "rnn"},
                 "training": {"tokens": 0, "precision": "fp12", "utilization": 1.5, "epochs": -1},
                 "hardware": {"accelerator": "NVIDIA H100", "count": 0, "deadlineDays": -3},
                 "pricing": {"model": "free", "currency": "dollars", "pricePerAcceleratorHour": -1},
                 "serving": {"tokensPerDay": -1, "months": -1},
                 "programme": {"experimentMultiplier": -1, "dataCost": -1, "staffCost": -1}}
                """, "model.parameters", "model.architecture", "training.tokens", "training.precision",
                "training.utilization", "training.epochs", "hardware.accelerator", "hardware.count", "hardware.deadlineDays",
                "pricing.model", "pricing.currency", "pricing.pricePerAcceleratorHour", "serving.tokensPerDay",
                "serving.months", "programme.experimentMultiplier", "programme.dataCost", "programme.staffCost");
        // Each mistake once, however the constraint is declared (record components carry it to field and accessor).
        List<String> fields = as(TestTokens.analyst()).body("""
                {"model": {"parameters": -5, "architecture": "rnn", "layers": 10001},
                 "training": {"tokens": 1e18, "precision": "fp12", "epochs": 1001},
                 "hardware": {"accelerator": "NVIDIA H100", "count": 0}}""").when().post("/api/v1/scenarios")
                .then().statusCode(400).extract().jsonPath().getList("errors.field");
        assertEquals(List.of("hardware.accelerator", "hardware.count", "model.architecture", "model.layers",
                "model.parameters", "training.epochs", "training.precision", "training.tokens"),
                fields.stream().sorted().toList());
        as(TestTokens.analyst()).body("{\"model\": {\"ref\": \"m\"}, \"training\": {\"precision\": \"fp12\"}, "
                + "\"hardware\": {\"accelerator\": \"x\"}}").when().post("/api/v1/scenarios").then().statusCode(400)
                .body("errors[0].field", equalTo("training.precision"))
                .body("errors[0].message", equalTo("must be one of [bf16, fp16, fp32, fp8, int8, tf32]"));
        assertInvalid("{\"model\": {\"parameters\": 1e9, \"activeParameters\": 2e9}, \"hardware\": {\"accelerator\": \"x\"}}",
                "model.activeParameters");
        // A mixture of experts is sized by its active parameters: without them the estimate would be for a dense model.
        assertInvalid("{\"model\": {\"parameters\": 1e12, \"architecture\": \"moe\"}, \"hardware\": {\"accelerator\": \"x\"}}",
                "model.activeParameters");
        assertInvalid("{\"model\": {\"parameters\": 7e10, \"heads\": 8, \"kvHeads\": 64}, \"hardware\": {\"accelerator\": \"x\"}}",
                "model.kvHeads");
        assertInvalid("{\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"count\": 8, \"deadlineDays\": 30}}",
                "hardware.deadlineDays");
        assertInvalid("{\"model\": {\"ref\": \"m\", \"components\": [{\"parameters\": 3e8, \"modality\": \"smell\"}]}, "
                + "\"hardware\": {\"accelerator\": \"x\"}}", "model.components[0].name", "model.components[0].modality");
        assertInvalid("{\"model\": {\"components\": [null]}, \"hardware\": {\"accelerator\": \"x\"}}", "model.components[0]");
    }

    @Test
    void trainingStagesTrainableRecipeAndAttentionAreValidatedAndPublished() {
        // Stages carry their own tokens and trainable sets: a training-wide value beside them would be ambiguous.
        assertInvalid("""
                {"model": {"ref": "llava-1.5-13b"}, "hardware": {"accelerator": "nvidia-a100-80gb"},
                 "training": {"tokens": 1e9, "trainable": ["projector"], "recipe": "published",
                  "stages": [{"tokens": 1e7}, {"name": "instruct"}, null]}}""",
                "training.tokens", "training.trainable", "training.recipe", "training.stages[0].name",
                "training.stages[1].tokens", "training.stages[2]");
        assertInvalid("""
                {"model": {"ref": "llava-1.5-13b"}, "hardware": {"accelerator": "nvidia-a100-80gb"},
                 "training": {"recipe": "mine", "stages": []}}""", "training.recipe", "training.stages");
        assertInvalid("""
                {"model": {"parameters": 7e9, "components": [{"name": "lm", "parameters": 7e9, "sees": ["image", null],
                  "secondsPerInput": -1}]}, "hardware": {"accelerator": "nvidia-a100-80gb"},
                 "training": {"tokens": 1e9, "trainable": [""], "dataset": {"samples": -1}}}""",
                "model.components[0].sees[1]", "model.components[0].secondsPerInput", "training.trainable[0]",
                "training.dataset.samples");
        assertInvalid("""
                {"model": {"parameters": 7e9, "components": [{"name": "lm", "parameters": 7e9, "sees": ["smell"]}]},
                 "hardware": {"accelerator": "nvidia-a100-80gb"}}""", "model.components[0].sees[0]");
        // LLaVA-1.5's two stages reach scenarios.submitted as asked, with the attention term switched on.
        String name = "llava-stages-" + UUID.randomUUID();
        as(TestTokens.analyst()).body("""
                {"name": "%s", "model": {"ref": "llava-1.5-13b"}, "hardware": {"accelerator": "nvidia-a100-80gb", "count": 8},
                 "training": {"includeAttention": true, "stages": [
                   {"name": "align", "tokens": 1.116e7, "dataset": {"samples": 558000, "images": 558000}, "trainable": ["projector"]},
                   {"name": "instruct", "tokens": 2e8, "dataset": {"images": 624000}, "trainable": ["projector", "language-model"]}]}}
                """.formatted(name)).when().post("/api/v1/scenarios").then().statusCode(202);
        String value = kafka.awaitRecords("scenarios.submitted", r -> r.value().contains(name), 1, WAIT).get(0).value();
        var submitted = new io.vertx.core.json.JsonObject(value).getJsonObject("training");
        assertEquals(true, submitted.getBoolean("includeAttention"));
        assertEquals("align", submitted.getJsonArray("stages").getJsonObject(0).getString("name"));
        assertEquals(List.of("projector", "language-model"),
                submitted.getJsonArray("stages").getJsonObject(1).getJsonArray("trainable").getList());
        as(TestTokens.analyst()).body("""
                {"model": {"ref": "llava-1.5-13b"}, "hardware": {"accelerator": "nvidia-a100-80gb"},
                 "training": {"recipe": "published"}}""").when().post("/api/v1/scenarios").then().statusCode(202);
    }

    @Test
    void typeMistakesAndUnknownFieldsNameTheirPath() {
        // Numbers are plain JSON numbers; a string is a mistake, as is a fraction of an accelerator.
        assertInvalid("{\"model\": {\"ref\": \"m\"}, \"training\": {\"tokens\": \"3e11\"}, \"hardware\": {\"accelerator\": \"x\"}}",
                "training.tokens");
        assertInvalid("{\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"count\": 1.5}}", "hardware.count");
        assertInvalid("{\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"cuont\": 8}}", "hardware.cuont");
        // The messages say what belongs there, in the client's terms, not Jackson's Java class names.
        as(TestTokens.analyst()).body("{\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"cuont\": 8}}")
                .when().post("/api/v1/scenarios").then().statusCode(400)
                .body("errors[0].message", equalTo("is not a known field (known here: accelerator, count, deadlineDays)"));
        as(TestTokens.analyst()).body("{\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"count\": 1.5}}")
                .when().post("/api/v1/scenarios").then().statusCode(400).body("errors[0].field", equalTo("hardware.count"))
                .body("errors[0].message", equalTo("must be a whole JSON number"));
        as(TestTokens.analyst()).body("{\"model\": {\"ref\": \"m\"}, \"training\": {\"tokens\": \"3e11\"}, \"hardware\": {\"accelerator\": \"x\"}}")
                .when().post("/api/v1/scenarios").then().statusCode(400).body("errors[0].message", equalTo("must be a JSON number"));
        assertInvalid("{\"model\": \"gpt-3\", \"hardware\": {\"accelerator\": \"x\"}}", "model");
        assertInvalid("[1, 2]", "body");
        as(TestTokens.analyst()).body("[1, 2]").when().post("/api/v1/scenarios").then().statusCode(400)
                .body("errors[0].message", equalTo("must be a JSON object"));
        assertInvalid("", "body");
        as(TestTokens.analyst()).body("{\"model\": ").when().post("/api/v1/scenarios")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        as(TestTokens.analyst()).header("Idempotency-Key", "x".repeat(201)).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));
        given().when().get("/api/v1/scenarios/does-not-exist")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void bodiesAboveTheSizeLimitAreRefused() {
        String huge = "{\"name\": \"" + "x".repeat(1_100_000) + "\", \"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\"}}";
        as(TestTokens.analyst()).body(huge).when().post("/api/v1/scenarios").then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413)).body("errors.field", hasItem("body"));
    }

    @Test
    void theSameIdempotencyKeyAndBodyCreateOneScenario() {
        String token = TestTokens.analyst();
        String key = UUID.randomUUID().toString();
        String first = as(token).header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(202).extract().path("id");
        // Same request with other whitespace and field order: still the same request.
        String reordered = """
                {"hardware": {"count": 10000, "accelerator": "nvidia-v100-32gb"}, "training": {"tokens": 3.0e11},
                 "model": {"parameters": 1.746e11}, "name": "GPT-3"}""";
        String second = as(token).header("Idempotency-Key", key).body(reordered).when().post("/api/v1/scenarios")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/scenarios/" + first)).extract().path("id");
        assertEquals(first, second);
        // Re-sent while PENDING (the first send may have been lost): at least one record, never a second scenario id.
        assertTrue(kafka.readAll("scenarios.submitted", r -> first.equals(r.key()), Duration.ofSeconds(2)).size() >= 1);

        // Same key, other body: 422 naming the first scenario.
        as(token).header("Idempotency-Key", key).body(REQUEST.replace("10000", "20000")).when().post("/api/v1/scenarios")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString(first));
        // Another client may use the same key for its own request.
        String other = as(TestTokens.analyst()).header("Idempotency-Key", key).body(REQUEST.replace("10000", "20000"))
                .when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
        assertTrue(!other.equals(first));

        // Once finished, a replay answers with the finished scenario.
        kafka.send("estimates", first, estimate(first, null, 4.0e6, 13.9));
        GatewayTesting.awaitStatus(first, "COMPLETED");
        as(token).header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(200).body("id", equalTo(first)).body("status", equalTo("COMPLETED"));
    }

    @Test
    void preferWaitAnswers200WithTheFinishedScenario() throws Exception {
        String token = TestTokens.analyst();
        String name = "wait-" + UUID.randomUUID();
        String body = REQUEST.replace("\"GPT-3\"", "\"" + name + "\"");
        long start = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> as(token).header("Prefer", "wait=20")
                .body(body).when().post("/api/v1/scenarios").then().extract().response());
        var submitted = kafka.awaitRecords("scenarios.submitted", r -> r.value().contains(name), 1, WAIT).get(0);
        kafka.send("estimates", submitted.key(), estimate(submitted.key(), null, 5.0e6, 10.0));
        Response response = waiting.get(30, TimeUnit.SECONDS);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("COMPLETED", response.path("status"));
        assertEquals(submitted.key(), response.path("id"));
        assertEquals(5.0e6f, (Float) response.path("estimate.cost.training.cloud"));
        assertTrue(elapsedMs < 20_000, "answered when the estimate arrived, not at the end of the wait: " + elapsedMs + " ms");
    }

    @Test
    void preferWaitAnswers202WhenTheScenarioIsNotDoneInTime() {
        long start = System.nanoTime();
        as(TestTokens.analyst()).header("Prefer", "respond-async, wait=1").body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(202).body("status", equalTo("PENDING")).header("Location", containsString("/api/v1/scenarios/"));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 900, "waited about a second: " + elapsedMs + " ms");
    }

    @Test
    void plainJsonContentTypeIsRequired() {
        given().header("Authorization", "Bearer " + TestTokens.analyst()).contentType(ContentType.TEXT).body(REQUEST)
                .when().post("/api/v1/scenarios").then().statusCode(415).contentType("application/problem+json");
    }
}
