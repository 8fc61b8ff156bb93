package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import jakarta.inject.Inject;

/**
 * The events the gateway publishes validate against docs/events/scenarios.submitted.schema.json, and the
 * estimates it consumes (the fixtures every gateway test sends) against docs/events/estimates.schema.json.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class EventSchemaTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    static Validator validator(String schemaFile) throws Exception {
        Path path = Path.of(System.getProperty("estimator.root", ".."), "docs/events", schemaFile);
        JsonSchema schema = JsonSchema.of(new JsonObject(Files.readString(path)));
        return Validator.create(schema, new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://estimator.dev/events/").setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
    }

    @Test
    void publishedSubmissionsValidateAgainstTheirSchema() throws Exception {
        Validator validator = validator("scenarios.submitted.schema.json");
        String full = """
                {"name": "CLIP-like VLM", "model": {"parameters": 7e9, "architecture": "dense", "layers": 32, "hiddenSize": 4096,
                  "heads": 32, "kvHeads": 8, "contextLength": 4096, "components": [{"name": "vision", "parameters": 3.04e8,
                  "tokensPerInput": 257, "inputsPerSample": 1, "trainable": false, "modality": "image"}]},
                 "training": {"tokens": 1e12, "epochs": 1, "precision": "bf16", "utilization": 0.4,
                  "dataset": {"images": 1e9, "tokensPerImage": 257, "videoSeconds": 0, "framesPerSecond": 1, "tokensPerFrame": 64,
                  "audioSeconds": 0, "audioTokensPerSecond": 50}},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "deadlineDays": 30},
                 "pricing": {"provider": "aws", "model": "reserved-1y", "currency": "USD", "region": "us-east-1", "pricePerAcceleratorHour": 2.0},
                 "serving": {"tokensPerDay": 1e10, "months": 12},
                 "programme": {"experimentMultiplier": 1.0, "dataCost": 0, "staffCost": 0}}""";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (String request : new String[] { REQUEST, full, "{\"model\": {\"ref\": \"gpt-3-175b\"}, \"hardware\": {\"accelerator\": \"nvidia-v100-32gb\"}}" }) {
                String id = as(TestTokens.analyst()).body(request).when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
                String value = kafka.awaitRecord("scenarios.submitted", id, WAIT).value();
                OutputUnit result = validator.validate(new JsonObject(value));
                assertTrue(result.getValid(), value + " -> " + result.getErrors());
            }
        }
        // The schema is not vacuous: what the gateway refuses, the schema refuses too.
        JsonObject bad = new JsonObject("{\"scenarioId\": \"x\", \"submittedAt\": \"2026-11-28T10:00:00Z\", "
                + "\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\", \"count\": 1.5}}");
        assertFalse(validator.validate(bad).getValid());
        assertFalse(validator.validate(new JsonObject("{\"scenarioId\": \"x\", \"submittedAt\": \"2026-11-28T10:00:00Z\", "
                + "\"model\": {\"ref\": \"m\"}, \"hardware\": {\"accelerator\": \"x\"}, \"training\": {\"precision\": \"fp12\"}}")).getValid());
    }

    @Test
    void theGatewayServesTheEstimateItConsumedFieldForField() throws Exception {
        String id = as(TestTokens.analyst()).body(REQUEST).when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
        String estimate = GatewayTesting.fullEstimate(id);
        OutputUnit valid = validator("estimates.schema.json").validate(new JsonObject(estimate));
        assertTrue(valid.getValid(), String.valueOf(valid.getErrors()));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send("estimates", id, estimate);
        }
        GatewayTesting.awaitStatus(id, "COMPLETED");
        String served = given().when().get("/api/v1/scenarios/" + id).then().statusCode(200).extract().asString();
        // Typed on the way out (the Estimate record), yet the same JSON as the event: no field lost, renamed or retyped.
        assertEquals(json.readTree(estimate), json.readTree(served).get("estimate"));
    }

    @Test
    void theEstimatesTheGatewayConsumesValidateAgainstTheEstimatesSchema() throws Exception {
        Path schema = Path.of(System.getProperty("estimator.root", ".."), "docs/events/estimates.schema.json");
        assertTrue(Files.exists(schema), "cost-service publishes docs/events/estimates.schema.json");
        Validator validator = validator("estimates.schema.json");
        for (String sweepId : new String[] { null, "sweep-1" }) {
            String value = GatewayTesting.estimate("scenario-1", sweepId, 4.2e6, sweepId == null ? null : 13.9);
            OutputUnit result = validator.validate(new JsonObject(value));
            assertTrue(result.getValid(), value + " -> " + result.getErrors());
        }
    }
}
