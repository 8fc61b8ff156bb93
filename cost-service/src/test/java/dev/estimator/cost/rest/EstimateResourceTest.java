package dev.estimator.cost.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class EstimateResourceTest {

    static {
        // Amounts are doubles: compare them as doubles, not as floats.
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String computed(String id, String sweepId, String pricing) {
        return """
                {"scenarioId": "%s", "sweepId": "%s", "hardware": {"accelerator": "google-tpu-v5e", "tdpWatts": 197},
                 "pricing": %s, "compute": {"gpuHours": 1.0e5}}
                """.formatted(id, sweepId, pricing);
    }

    @Test
    void storedEstimatesAreServedByIdAndBySweep() {
        String sweep = "sweep-" + UUID.randomUUID();
        String[] ids = new String[3];
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < ids.length; i++) {
                ids[i] = UUID.randomUUID().toString();
                kafka.send("scenarios.computed", ids[i], computed(ids[i], sweep, "{\"model\": \"reserved-3y\"}"));
            }
            for (String id : ids) {
                kafka.awaitRecord("estimates", id, Duration.ofSeconds(30));
            }
        }
        // Cloud TPU v5e 3-year commitment $0.54/chip-hour x 100,000 chip-hours.
        given().when().get("/estimates/" + ids[0])
                .then().statusCode(200).body("scenarioId", equalTo(ids[0]))
                .body("cost.training.cloud", closeTo(54_000.0, 1e-6));
        given().queryParam("sweepId", sweep).queryParam("size", 2).when().get("/estimates")
                .then().statusCode(200).body("total", equalTo(3)).body("items", hasSize(2)).body("size", equalTo(2));
        given().queryParam("sweepId", sweep).queryParam("size", 2).queryParam("page", 1).when().get("/estimates")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].sweepId", equalTo(sweep));
        given().when().get("/estimates/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void aRejectedScenarioHasNoEstimate() {
        String id = UUID.randomUUID().toString();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send("scenarios.computed", id, computed(id, "sweep-" + id, "{\"currency\": \"EUR\"}"));
            kafka.awaitRecord("scenarios.rejected", id, Duration.ofSeconds(30));
        }
        given().when().get("/estimates/" + id)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("rejected")).body("detail", containsString("pricing.currency"));
        given().queryParam("sweepId", "sweep-" + id).when().get("/estimates")
                .then().statusCode(200).body("total", equalTo(0)).body("items", hasSize(0));
    }

    @Test
    void badPagingIsA400NamingTheParameter() {
        given().queryParam("size", 0).when().get("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().queryParam("page", "1e3").when().get("/estimates")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("page"));
        given().queryParam("page", "99999999999").when().get("/estimates")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().queryParam("page", Integer.MAX_VALUE).queryParam("size", 2).when().get("/estimates")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().queryParam("page", Integer.MAX_VALUE / 2 - 1).queryParam("size", 2).when().get("/estimates")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void quotePricesSynchronouslyWithTheSamePricer() {
        String id = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(computed(id, "q", "{\"pricePerAcceleratorHour\": 2.0}")
                .replace("1.0e5", "2.788e6"))
                .when().post("/quote")
                .then().statusCode(200).body("scenarioId", equalTo(id))
                .body("cost.training.cloud", closeTo(5.576e6, 1e-6))
                .body("cost.price.pricingModel", equalTo("on-demand"));
        // Same scenario id, same seeded range.
        double p50 = given().contentType(ContentType.JSON).body(computed(id, "q", "{}")).when().post("/quote")
                .then().statusCode(200).extract().path("cost.range.p50");
        given().contentType(ContentType.JSON).body(computed(id, "q", "{}")).when().post("/quote")
                .then().statusCode(200).body("cost.range.p50", equalTo(p50));
        given().when().get("/estimates/" + id).then().statusCode(404);
    }

    @Test
    void badQuotesAreA400NamingTheField() {
        given().contentType(ContentType.JSON).body(computed("q1", "q", "{\"provider\": \"aws\"}"))
                .when().post("/quote")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("pricing.provider"))
                .body("errors[0].message", containsString("gcp"));
        given().contentType(ContentType.JSON).body(computed("q2", "q", "{\"model\": \"lease\"}"))
                .when().post("/quote")
                .then().statusCode(400).body("errors.field", hasItem("pricing.model"));
        given().contentType(ContentType.JSON).body("{\"scenarioId\": \"q3\", \"hardware\": {\"accelerator\": \"nvidia-h100-sxm\"}}")
                .when().post("/quote")
                .then().statusCode(400).body("errors[0].field", equalTo("compute"));
        given().contentType(ContentType.JSON).body("{\"scenarioId\": \"q4\", \"compute\": {\"gpuHours\": \"many\"}}")
                .when().post("/quote")
                .then().statusCode(400).body("errors.field", hasItem("hardware.accelerator"))
                .body("errors.field", hasItem("compute.gpuHours"));
        given().contentType(ContentType.JSON).body("{\"scenarioId\": \"q5\", \"serving\": {\"months\": \"x\"}}")
                .when().post("/quote")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("serving.months"));
        given().contentType(ContentType.JSON).body("not json").when().post("/quote")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
