package dev.estimator.cost.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** /q/openapi names the schemas of every request and response, so a client can be generated from it. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class OpenApiTest {

    static final String REF = "#/components/schemas/";

    @Test
    void requestsAndResponsesAreNamedSchemas() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("components.schemas", hasKey("PriceRequest"))
                .body("components.schemas", hasKey("Price"))
                .body("components.schemas", hasKey("PricePage"))
                .body("components.schemas", hasKey("Estimate"))
                .body("components.schemas", hasKey("EstimatePage"))
                .body("components.schemas", hasKey("ScenarioComputed"))
                .body("components.schemas.PriceRequest.required", hasItems("provider", "accelerator", "pricePerHour"))
                .body("components.schemas.ScenarioComputed.required", hasItems("compute"))
                .body("components.schemas.EstimatePage.properties.items.items.$ref", equalTo(REF + "Estimate"))
                .body("paths.'/prices'.post.requestBody.content.'application/json'.schema.$ref", equalTo(REF + "PriceRequest"))
                .body("paths.'/quote'.post.requestBody.content.'application/json'.schema.$ref", equalTo(REF + "ScenarioComputed"))
                .body("paths.'/quote'.post.responses.'200'.content.'application/json'.schema.$ref", equalTo(REF + "Estimate"))
                .body("paths.'/estimates/{scenarioId}'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo(REF + "Estimate"))
                .body("paths.'/estimates'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo(REF + "EstimatePage"))
                .body("components.schemas.Estimate.properties.cost", notNullValue());
    }
}
