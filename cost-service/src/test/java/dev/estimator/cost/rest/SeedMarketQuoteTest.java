package dev.estimator.cost.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

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

/**
 * Issue #15 through the real pricer and the seeded price book (POST /quote, PostgreSQL): export-limited chips priced in
 * China in CNY with the exchange rate's date and the price's confidence, own-cloud hosting with its saving and
 * break-even month, and the programme presets.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class SeedMarketQuoteTest {

    static {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static String computed(String accelerator, String pricing, String programme, String serving, String compute) {
        return """
                {"scenarioId": "seed-market", "hardware": {"accelerator": "%s", "tdpWatts": 400}, "pricing": %s, "programme": %s,
                 "serving": %s, "compute": %s}
                """.formatted(accelerator, pricing, programme, serving, compute);
    }

    @Test
    void h800AndH20ArePricedAtAChineseProviderInCnyWithTheRateDateAndConfidence() {
        for (String[] chip : new String[][] { { "nvidia-h800", "8.9" }, { "nvidia-h20", "7.6" } }) {
            given().contentType(ContentType.JSON)
                    .body(computed(chip[0], "{\"provider\": \"autodl\", \"currency\": \"CNY\"}", "null", "null",
                            "{\"gpuHours\": 1000}"))
                    .when().post("/quote").then().statusCode(200)
                    .body("cost.currency", equalTo("CNY"))
                    .body("cost.price.provider", equalTo("autodl"))
                    .body("cost.price.perAcceleratorHour", closeTo(Double.parseDouble(chip[1]), 1e-9))
                    .body("cost.training.cloud", closeTo(1000 * Double.parseDouble(chip[1]), 1e-6))
                    .body("cost.exchangeRate.asOf", notNullValue())
                    .body("cost.priceSource", containsString("confidence: reported"));
        }
    }

    @Test
    void deepSeeksAssumedRateIsInTheBookAsAnAssumption() {
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-h800", "{\"provider\": \"deepseek-assumption\"}", "null", "null",
                        "{\"gpuHours\": 2.788e6}"))
                .when().post("/quote").then().statusCode(200)
                .body("cost.training.cloud", closeTo(5.576e6, 1e-3))
                .body("cost.priceSource", containsString("confidence: assumed"));
    }

    @Test
    void ownCloudHostingOfA100sAtAlibabaSavesAndPaysOff() {
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-a100-80gb", "{\"provider\": \"alibaba\", \"currency\": \"CNY\"}", "null",
                        "{\"tokensPerDay\": 1e10, \"months\": 36}",
                        "{\"gpuHours\": 1e6, \"gpuCount\": 1024, \"wallClockDays\": 41, \"serving\": {\"accelerators\": 64}}"))
                .when().post("/quote").then().statusCode(200)
                .body("cost.serving.total", greaterThan(0.0))
                .body("cost.serving.ownership", greaterThan(0.0))
                .body("cost.serving.ownCloudSaving", greaterThan(0.0))
                .body("cost.training.ownCloudSaving", greaterThan(0.0))
                .body("cost.programme.breakEvenMonths", greaterThan(0.0));
    }

    @Test
    void aPresetSetsExperimentsDataAndStaffAndExplicitValuesWin() {
        String compute = "{\"gpuHours\": 2.788e6}";
        double withPreset = given().contentType(ContentType.JSON)
                .body(computed("nvidia-h800", "{\"pricePerAcceleratorHour\": 2}", "{\"preset\": \"efficient-startup\"}",
                        "null", compute))
                .when().post("/quote").then().statusCode(200)
                .body("cost.programme.preset", equalTo("efficient-startup"))
                // 5.576M x (1 + 4) at a 29% staff share: 27.88M / 0.71.
                .body("cost.programme.total", closeTo(5.576e6 * 5 / 0.71, 1))
                .extract().path("cost.programme.total");
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-h800", "{\"pricePerAcceleratorHour\": 2}",
                        "{\"preset\": \"efficient-startup\", \"experimentMultiplier\": 0, \"staffCost\": 0}", "null", compute))
                .when().post("/quote").then().statusCode(200)
                .body("cost.programme.total", closeTo(5.576e6, 1e-3))
                .body("cost.programme.staff", closeTo(0, 0));
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-h800", "{\"pricePerAcceleratorHour\": 2}", "{\"preset\": \"big-tech-frontier\"}",
                        "null", compute))
                .when().post("/quote").then().statusCode(200)
                .body("cost.programme.total", greaterThan(withPreset));
    }

    @Test
    void aScenarioWithoutPurchasePriceServingOrProgrammeIsPricedAsBefore() {
        // GPT-3 on V100 at Azure: no V100 unit price, nothing served, no programme: the new amounts are null.
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-v100-32gb", "{\"provider\": \"azure\", \"model\": \"on-demand\", \"currency\": \"USD\"}",
                        "null", "null", "{\"gpuHours\": 3.552e6, \"gpuCount\": 10000, \"wallClockDays\": 14.8, \"energyMwh\": 1287}"))
                .when().post("/quote").then().statusCode(200)
                .body("cost.training.cloud", closeTo(3.552e6 * 2.754, 1e-3))
                .body("cost.serving.ownership", equalTo(null))
                .body("cost.programme.breakEvenMonths", equalTo(null))
                .body("cost.programme.total", closeTo(3.552e6 * 2.754, 1e-3));
    }

    @Test
    void anUnknownPresetIsA400NamingTheField() {
        given().contentType(ContentType.JSON)
                .body(computed("nvidia-h800", "{\"pricePerAcceleratorHour\": 2}", "{\"preset\": \"unicorn\"}", "null",
                        "{\"gpuHours\": 1}"))
                .when().post("/quote").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("programme.preset"));
    }
}
