package dev.estimator.compute.rest;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.compute.ResolvedScenarios;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class EstimateResourceTest {

    /** Numbers compared as doubles (RestAssured reads JSON decimals as floats by default). */
    static RequestSpecification given() {
        return RestAssured.given().config(RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

    @Test
    void synchronousEstimateReproducesGpt3() {
        // GPT-3 Table D.1: 3.64e3 PF-days.
        given().contentType(ContentType.JSON).body(ResolvedScenarios.gpt3(UUID.randomUUID().toString(), 0.213))
                .post("/estimates")
                .then().statusCode(200)
                .body("compute.pfDays", closeTo(3640, 3640 * 0.005))
                .body("compute.utilizationSource", equalTo("user"));
    }

    @Test
    void badFieldValueIs400NamingTheField() {
        String body = ResolvedScenarios.gpt3("x", 0.3).replace("\"parameters\": 174.6e9, \"activeParameters\": 174.6e9",
                "\"parameters\": -5");
        given().contentType(ContentType.JSON).body(body).post("/estimates")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("type", startsWith("https://"))
                .body("errors.field", hasItem("model.parameters"));
    }

    @Test
    void wrongTypeAndMalformedJsonAre400() {
        String wrongType = ResolvedScenarios.gpt3("x", 0.3).replace("\"count\": 10000", "\"count\": \"lots\"");
        given().contentType(ContentType.JSON).body(wrongType).post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("hardware.count"));
        given().contentType(ContentType.JSON).body("{\"model\": ").post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body("[]").post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body(ResolvedScenarios.gpt3("x", 1.5)).post("/estimates")
                .then().statusCode(400).body("errors.field", hasItem("training.utilization"));
    }

    @Test
    void theAcceleratorsInterconnectFromTheCatalogChangesUtilization() {
        // LLaMA-65B's A100 scenario, then the same chip with NVLink cut to 400 GB/s (the A800): more hours, by the fitted
        // interconnect effect; an absent figure is the family's reference (A100 600 GB/s).
        String a100 = ResolvedScenarios.llama65b("x", 2048);
        String withFigure = a100.replace("\"tdpWatts\": 400}", "\"tdpWatts\": 400, \"interconnectGbps\": 600}");
        String a800 = a100.replace("\"tdpWatts\": 400}", "\"tdpWatts\": 400, \"interconnectGbps\": 400}");
        double plain = given().contentType(ContentType.JSON).body(a100).post("/estimates").then().statusCode(200)
                .extract().<Number>path("compute.gpuHours").doubleValue();
        double same = given().contentType(ContentType.JSON).body(withFigure).post("/estimates").then().statusCode(200)
                .extract().<Number>path("compute.gpuHours").doubleValue();
        double cut = given().contentType(ContentType.JSON).body(a800).post("/estimates").then().statusCode(200)
                .extract().<Number>path("compute.gpuHours").doubleValue();
        assertEquals(plain, same, plain * 1e-6);
        double b = dev.estimator.compute.estimate.EfficiencyProfiles.bundled().model()
                .coefficient(dev.estimator.compute.estimate.EfficiencyModel.Effect.INTERCONNECT);
        assertEquals(Math.pow(1.5, -b), cut / plain, 1e-4);
        given().contentType(ContentType.JSON).body(a100.replace("\"tdpWatts\": 400}", "\"tdpWatts\": 400, \"interconnectGbps\": -1}"))
                .post("/estimates").then().statusCode(400).body("errors.field", hasItem("hardware.interconnectGbps"));
    }

    @Test
    void nonFiniteNumberIs400NamingTheField() {
        given().contentType(ContentType.JSON).body(ResolvedScenarios.gpt3("x", 0.3).replace("\"tokens\": 3.0e11", "\"tokens\": 1e400"))
                .post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("training.tokens"));
    }

    @Test
    void valuesBeyondThePublicLimitsAreTheGatewaysToRefuse() {
        // The gateway caps training.epochs at 1,000; compute estimates whatever it can compute.
        given().contentType(ContentType.JSON).body(ResolvedScenarios.gpt3("x", 0.213).replace("\"epochs\": 1", "\"epochs\": 5000"))
                .post("/estimates")
                .then().statusCode(200)
                .body("compute.pfDays", closeTo(3640 * 5000, 3640 * 5000 * 0.005));
    }

    @Test
    void openApiNamesEverySchema() {
        var doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String schema : List.of("ScenarioResolved", "ResolvedTraining", "Computation", "ComputeBlock", "ScenarioComputed",
                "ScenarioRejected", "EfficiencyProfile", "BacktestReport", "BacktestRun", "Problem")) {
            assertNotNull(doc.get("components.schemas." + schema), schema);
        }
        assertEquals("#/components/schemas/ScenarioResolved",
                doc.get("paths.'/estimates'.post.requestBody.content.'application/json'.schema.$ref"));
        assertEquals("#/components/schemas/BacktestReport",
                doc.get("paths.'/backtest'.get.responses.'200'.content.'application/json'.schema.$ref"));
        // The constraints the service checks are in the document too.
        assertEquals(1.0, ((Number) doc.get("components.schemas.ResolvedTraining.properties.utilization.maximum")).doubleValue());
    }

    @Test
    void impossibleScenarioIs400NamingTheField() {
        given().contentType(ContentType.JSON).body(ResolvedScenarios.llama65b("x", 2)).post("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("hardware.count"));
    }

    @Test
    void unknownScenarioIs404Problem() {
        given().get("/estimates/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void efficiencyProfilesAreDerivedFromPublishedRuns() {
        given().get("/efficiency-profiles").then().statusCode(200)
                .body("family", hasItem("ampere"))
                .body("find { it.family == 'ampere' }.calibrationRuns", containsString("llama-65b"))
                .body("find { it.family == 'hopper' }.calibrationRuns", containsString("deepseek-v3"))
                .body("find { it.family == 'tpu' }.calibrationRuns", containsString("palm-540b"))
                .body("find { it.family == 'tpu' }.derivation", startsWith("least-squares"))
                .body("find { it.family == 'blackwell' }.derivation", startsWith("prior"));
    }

    @Test
    void backtestComparesEveryPublishedRun() {
        // Leave-one-out over every bundled run with hours (docs/reference/published-runs.csv); the targets.
        // Published: DeepSeek-V3 2.788M H800-hours (technical report Table 1).
        given().get("/backtest").then().statusCode(200)
                .body("summary.count", greaterThanOrEqualTo(36))
                .body("summary.medianAbsoluteError", lessThan(0.15))
                .body("summary.shareInsideRange", greaterThanOrEqualTo(0.8))
                .body("summary.text.modality", equalTo("text"))
                .body("summary.multimodal.count", greaterThanOrEqualTo(5))
                .body("effects.find { it.effect == 'interconnect' }.used", equalTo(true))
                .body("runs.find { it.id == 'llama-65b' }.hoursCounted", containsString("380 tokens/sec/GPU"))
                .body("summary.pfDaysCount", equalTo(8))
                .body("runs.find { it.id == 'deepseek-v3' }.publishedGpuHours", closeTo(2.788e6, 1))
                .body("runs.find { it.id == 'deepseek-v3' }.gpuHoursError", closeTo(0, 0.15))
                .body("runs.find { it.id == 'gpt-3-175b' }.publishedEnergyMwh", closeTo(1287, 0.1));
    }
}
