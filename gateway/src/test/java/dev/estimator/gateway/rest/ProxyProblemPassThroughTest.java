package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * A backend's 4xx problem reaches the gateway's client as the backend wrote it: same status, media type and
 * fields (the field names in errors[] are what clients fix their request by), not a generic gateway error.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
@WithTestResource(value = ProblemBackends.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ProxyProblemPassThroughTest {

    final ObjectMapper json = new ObjectMapper();

    void assertPassedThrough(ExtractableResponse<Response> response, int status, String backendBody) throws Exception {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        assertEquals(json.readTree(backendBody), json.readTree(response.asString()));
    }

    @Test
    void unknownModelIsTheCatalogs404() throws Exception {
        assertPassedThrough(given().when().get("/api/v1/models/no-such-model").then().extract(), 404, ProblemBackends.UNKNOWN_MODEL);
    }

    @Test
    void badFiltersAreTheBackends400NamingTheField() throws Exception {
        assertPassedThrough(given().when().get("/api/v1/models?modality=smell").then().extract(), 400, ProblemBackends.BAD_FILTER);
        assertPassedThrough(given().when().get("/api/v1/prices?pricingModel=free").then().extract(), 400,
                ProblemBackends.BAD_PRICE_FILTER);
    }

    @Test
    void anAdminsEditsReachTheBackendsWithTheAdminsToken() {
        // catalog-service and cost-service check role admin on edits themselves, with the caller's token.
        String token = TestTokens.admin();
        GatewayTesting.as(token).body("{\"id\": \"nvidia-h100-sxm\"}").when().post("/api/v1/accelerators").then().statusCode(409);
        GatewayTesting.as(token).body("{\"id\": \"gone\"}").when().put("/api/v1/models/gone").then().statusCode(404);
        GatewayTesting.as(token).when().delete("/api/v1/models/gone").then().statusCode(404);
        GatewayTesting.as(token).body("{}").when().post("/api/v1/prices").then().statusCode(409);
        GatewayTesting.as(token).body("{}").when().put("/api/v1/prices/7").then().statusCode(404);
        GatewayTesting.as(token).when().delete("/api/v1/prices/7").then().statusCode(404);
        for (String call : List.of("POST /accelerators", "PUT /models/gone", "DELETE /models/gone", "POST /prices", "PUT /prices/7",
                "DELETE /prices/7")) {
            assertEquals("Bearer " + token, ProblemBackends.AUTHORIZATION.get(call), call);
        }
        // A retried edit (PUT and DELETE are retried once after a 5xx) carries the token again. (A price id is a number:
        // the gateway answers any other itself, so the flaky id is a catalog one.)
        GatewayTesting.as(token).body("{}").when().put("/api/v1/models/flaky").then().statusCode(404);
        assertEquals(2, ProblemBackends.FLAKY_CALLS.get("PUT /models/flaky").get());
        assertEquals("Bearer " + token, ProblemBackends.AUTHORIZATION.get("PUT /models/flaky"));
    }

    @Test
    void anAdminEditsConflictIsTheBackends409() throws Exception {
        assertPassedThrough(GatewayTesting.as(TestTokens.admin()).body("{\"id\": \"nvidia-h100-sxm\"}").when()
                .post("/api/v1/accelerators").then().extract(), 409, ProblemBackends.DUPLICATE);
    }
}
