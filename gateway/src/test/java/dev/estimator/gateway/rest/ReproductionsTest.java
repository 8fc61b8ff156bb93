package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.awaitStatus;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * GET /api/v1/reproductions (issue #15): the seed's headline figures, each with a scenario the API accepts, and the
 * value the latest completed run of exactly that scenario gave. The values here come from fixture estimates on the
 * estimates topic; deploy/e2e's ReproductionsIT runs the scenarios through the real pipeline.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ReproductionsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    static JsonPath list() {
        return given().when().get("/api/v1/reproductions").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> item(JsonPath page, String id) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().filter(i -> id.equals(i.get("id"))).findFirst().orElseThrow();
    }

    @Test
    void listsTheSeedsHeadlineFiguresEachWithACompleteScenario() throws Exception {
        given().when().get("/api/v1/reproductions").then().statusCode(200)
                .body("items.id", hasItems("gpt3-pfdays", "deepseek-v3-final-run", "big-tech-programme",
                        "startup-programme", "own-cloud-saving"));
        JsonPath page = list();
        List<Map<String, Object>> items = page.getList("items");
        for (Map<String, Object> item : items) {
            for (String key : List.of("claim", "source", "field", "scenario", "expected")) {
                assertNotNull(item.get(key), key + " of " + item.get("id"));
            }
            Map<?, ?> expected = (Map<?, ?>) item.get("expected");
            assertNotNull(expected.get("unit"));
            assertTrue(expected.get("value") != null || expected.get("min") != null || expected.get("max") != null);
        }
        assertEquals(3640.0, ((Number) ((Map<?, ?>) item(page, "gpt3-pfdays").get("expected")).get("value")).doubleValue());
        assertEquals(5.576e6, ((Number) ((Map<?, ?>) item(page, "deepseek-v3-final-run").get("expected")).get("value")).doubleValue());
        assertEquals(2e8, ((Number) ((Map<?, ?>) item(page, "big-tech-programme").get("expected")).get("min")).doubleValue());
        Map<?, ?> startup = (Map<?, ?>) item(page, "startup-programme").get("expected");
        assertEquals(3e7, ((Number) startup.get("min")).doubleValue());
        assertEquals(6e7, ((Number) startup.get("max")).doubleValue());
        assertEquals("USD", startup.get("unit"));
        // Each scenario is one the API accepts as it is listed.
        for (Map<String, Object> item : items) {
            as(TestTokens.analyst()).body(json.writeValueAsString(item.get("scenario"))).when().post("/api/v1/scenarios")
                    .then().statusCode(202);
        }
    }

    @Test
    void theValueIsTheLatestCompletedRunOfExactlyThatScenario() throws Exception {
        String scenario = json.writeValueAsString(item(list(), "gpt3-pfdays").get("scenario"));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            String first = as(TestTokens.analyst()).body(scenario).when().post("/api/v1/scenarios")
                    .then().statusCode(202).extract().path("id");
            // The fixture estimate says 3645.8 PF-days: within 2% of the paper's 3,640.
            kafka.send("estimates", first, estimate(first, null, 4.2e6, 13.9));
            awaitStatus(first, "COMPLETED");
            Map<String, Object> item = item(list(), "gpt3-pfdays");
            assertEquals(3645.8, ((Number) item.get("value")).doubleValue(), 1e-3);
            assertEquals(first, item.get("scenarioId"));
            assertEquals(Boolean.TRUE, item.get("holds"));

            // Another request (same figures, other name) is another scenario: it does not count.
            String other = as(TestTokens.analyst()).body(scenario.replace("reproduction: gpt3-pfdays", "mine"))
                    .when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
            kafka.send("estimates", other, estimate(other, null, 4.2e6, 13.9).replace("3645.8", "1.0"));
            awaitStatus(other, "COMPLETED");
            assertEquals(first, item(list(), "gpt3-pfdays").get("scenarioId"));

            // A later run of the same request replaces the value, and a figure out of tolerance does not hold.
            GatewayTesting.sleep(5);
            String second = as(TestTokens.analyst()).body(scenario).when().post("/api/v1/scenarios")
                    .then().statusCode(202).extract().path("id");
            kafka.send("estimates", second, estimate(second, null, 4.2e6, 13.9).replace("3645.8", "4000.0"));
            awaitStatus(second, "COMPLETED");
            item = item(list(), "gpt3-pfdays");
            assertEquals(second, item.get("scenarioId"));
            assertEquals(4000.0, ((Number) item.get("value")).doubleValue(), 1e-3);
            assertEquals(Boolean.FALSE, item.get("holds"));
        }
        Map<String, Object> neverRun = item(list(), "own-cloud-saving-training");
        assertNull(neverRun.get("value"));
        assertNull(neverRun.get("holds"));
        assertFalse(neverRun.containsKey("missing"));
        given().when().get("/api/v1/reproductions").then().body("items[0].id", equalTo("gpt3-pfdays"));
    }
}
