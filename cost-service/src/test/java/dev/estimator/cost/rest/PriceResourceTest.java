package dev.estimator.cost.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.estimator.cost.service.PriceBookSeeder;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class PriceResourceTest {

    static {
        // Amounts are doubles: compare them as doubles, not as floats.
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Inject
    PriceBookSeeder seeder;

    /** Edits need role admin (WriteAuthorizationTest covers the refusals). */
    static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    static String price(String provider, String accelerator, String currency, String price, String validFrom) {
        return """
                {"provider": "%s", "accelerator": "%s", "pricingModel": "spot", "region": "test-region",
                 "currency": "%s", "pricePerHour": %s, "validFrom": "%s", "source": "test"}
                """.formatted(provider, accelerator, currency, price, validFrom);
    }

    @Test
    void listsSeededPricesWithFiltersAndPaging() {
        given().queryParam("accelerator", "google-tpu-v5p").queryParam("provider", "gcp")
                .when().get("/prices")
                .then().statusCode(200)
                .body("items.accelerator", everyItem(equalTo("google-tpu-v5p")))
                .body("items.pricingModel", hasItems("on-demand", "reserved-1y", "reserved-3y"))
                .body("items.find { it.pricingModel == 'on-demand' }.pricePerHour", equalTo(4.2))
                .body("total", equalTo(3));
        given().queryParam("size", 2).queryParam("page", 1).when().get("/prices")
                .then().statusCode(200).body("items", hasSize(2)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("total", greaterThanOrEqualTo(20));
        given().queryParam("pricingModel", "on-demand").queryParam("accelerator", "nvidia-h100-sxm").when().get("/prices")
                .then().statusCode(200).body("items.provider", hasItems("aws", "azure", "gcp", "lambda", "coreweave"));
    }

    @Test
    void badPagingIsA400NamingTheParameter() {
        given().queryParam("size", 500).when().get("/prices")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().queryParam("page", "x").when().get("/prices")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().queryParam("size", "99999999999").when().get("/prices")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        given().queryParam("page", -1).when().get("/prices")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        // page x size would overflow the row offset: refused, never a 500.
        given().queryParam("page", Integer.MAX_VALUE).queryParam("size", 200).when().get("/prices")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("page"))
                .body("errors[0].message", containsString("10737417"));
        // The largest page allowed for a size is answered (empty), not refused.
        given().queryParam("page", Integer.MAX_VALUE / 200 - 1).queryParam("size", 200).when().get("/prices")
                .then().statusCode(200).body("items", hasSize(0)).body("total", greaterThanOrEqualTo(20));
    }

    @Test
    void adminCreatesEditsAndDeletesAPrice() {
        int id = asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "CNY", "15.5", "2025-03-01"))
                .when().post("/prices")
                .then().statusCode(201).body("currency", equalTo("CNY")).body("pricePerHour", equalTo(15.5))
                .extract().path("id");
        given().when().get("/prices/" + id).then().statusCode(200).body("provider", equalTo("acme"));
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "2.25", "2025-03-01"))
                .when().put("/prices/" + id)
                .then().statusCode(200).body("currency", equalTo("USD")).body("pricePerHour", equalTo(2.25));
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "2.25", "2025-03-01"))
                .when().post("/prices")
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("validFrom"));
        asAdmin().when().delete("/prices/" + id).then().statusCode(204);
        given().when().get("/prices/" + id).then().statusCode(404).contentType("application/problem+json");
        asAdmin().when().delete("/prices/" + id).then().statusCode(404);
    }

    @Test
    void theNextQuoteUsesAnEditAtOnce() {
        // Prime the consumer's in-memory price book, then edit it: the edit must not wait for the refresh interval.
        String quote = """
                {"scenarioId": "edit-quote", "hardware": {"accelerator": "nvidia-h100-sxm", "tdpWatts": 700},
                 "pricing": {"provider": "edit-co", "model": "spot", "region": "test-region"}, "compute": {"gpuHours": 1000}}
                """;
        given().contentType(ContentType.JSON).body(quote).when().post("/quote").then().statusCode(400);
        int id = asAdmin().contentType(ContentType.JSON).body(price("edit-co", "nvidia-h100-sxm", "USD", "3.0", "2025-03-01"))
                .when().post("/prices").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(quote).when().post("/quote")
                .then().statusCode(200).body("cost.training.cloud", equalTo(3000.0));
        asAdmin().contentType(ContentType.JSON).body(price("edit-co", "nvidia-h100-sxm", "USD", "4.0", "2025-03-01"))
                .when().put("/prices/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON).body(quote).when().post("/quote")
                .then().statusCode(200).body("cost.training.cloud", equalTo(4000.0));
        asAdmin().when().delete("/prices/" + id).then().statusCode(204);
        given().contentType(ContentType.JSON).body(quote).when().post("/quote").then().statusCode(400);
    }

    @Test
    void invalidPricesAreA400NamingTheField() {
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "-1", "2025-03-01"))
                .when().post("/prices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("pricePerHour"));
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "EUR", "1", "2025-03-01"))
                .when().post("/prices")
                .then().statusCode(400).body("errors.field", hasItem("currency"));
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "1", "2025-13-45"))
                .when().post("/prices")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("validFrom"));
        asAdmin().contentType(ContentType.JSON).body("{\"provider\": ")
                .when().post("/prices")
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "1", "2025-03-01")
                .replace("\"spot\"", "\"lease\"")).when().post("/prices")
                .then().statusCode(400).body("errors.field", hasItem("pricingModel"));
        asAdmin().contentType(ContentType.JSON).body(price("acme", "nvidia-h100-sxm", "USD", "\"cheap\"", "2025-03-01"))
                .when().post("/prices")
                .then().statusCode(400).body("errors.field", hasItem("pricePerHour"));
    }

    @Test
    void reseedingAddsNothingAndKeepsAdminEdits() throws Throwable {
        int total = given().when().get("/prices").then().statusCode(200).extract().path("total");
        int id = given().queryParam("accelerator", "google-tpu-v5e").queryParam("pricingModel", "on-demand")
                .when().get("/prices").then().statusCode(200).extract().path("items[0].id");
        String edited = """
                {"provider": "gcp", "accelerator": "google-tpu-v5e", "pricingModel": "on-demand", "region": "us-west4",
                 "currency": "USD", "pricePerHour": 1.11, "validFrom": "2024-06-01", "source": "admin correction"}
                """;
        asAdmin().contentType(ContentType.JSON).body(edited).when().put("/prices/" + id).then().statusCode(200);

        assertEquals(0, VertxContextSupport.subscribeAndAwait(seeder::seed), "nothing new to seed");

        assertEquals(total, (int) given().when().get("/prices").then().extract().path("total"));
        given().when().get("/prices/" + id).then().statusCode(200)
                .body("pricePerHour", equalTo(1.11)).body("source", equalTo("admin correction"));
    }
}
