package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** POST /api/v1/scenarios publishes on scenarios.submitted; estimates and rejections finish the registry row. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ScenarioRegistryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String REQUEST = """
            {"name": "GPT-3", "model": {"parameters": 174.6e9}, "training": {"tokens": 3e11},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000}}
            """;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void submissionIsPublishedKeyedByIdAndCompletedByTheEstimateEvent() throws Exception {
        String id = given().contentType(ContentType.JSON).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("id");

        var record = kafka.awaitRecord("scenarios.submitted", id, WAIT);
        JsonNode event = json.readTree(record.value());
        assertEquals(id, event.get("scenarioId").asText());
        assertEquals("nvidia-v100-32gb", event.at("/hardware/accelerator").asText());
        assertEquals("estimator.scenario.submitted", KafkaTestClient.header(record, "ce_type"));
        given().when().get("/api/v1/scenarios/" + id).then().statusCode(200).body("status", equalTo("PENDING"));

        kafka.send("estimates", id, "{\"scenarioId\": \"" + id + "\", \"status\": \"COMPLETED\", \"compute\": {\"pfDays\": 3637.5}}");
        awaitStatus(id, "COMPLETED");
        given().when().get("/api/v1/scenarios/" + id).then().body("estimate.compute.pfDays", equalTo(3637.5f));
    }

    @Test
    void rejectionFinishesTheScenarioWithItsFieldErrors() {
        String id = given().contentType(ContentType.JSON).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(202).extract().path("id");
        kafka.send("scenarios.rejected", id, "{\"scenarioId\": \"" + id + "\", \"stage\": \"catalog\", "
                + "\"errors\": [{\"field\": \"hardware.accelerator\", \"message\": \"unknown\"}]}");
        awaitStatus(id, "REJECTED");
        given().when().get("/api/v1/scenarios/" + id).then()
                .body("errors.field", hasItem("hardware.accelerator")).body("stage", equalTo("catalog"));
    }

    @Test
    void invalidRequestsAreProblemJsonNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"model\": {\"parameters\": 1e9}}")
                .when().post("/api/v1/scenarios")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("hardware.accelerator"));
        given().contentType(ContentType.JSON).body("{\"model\": ")
                .when().post("/api/v1/scenarios")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("body"));
        given().when().get("/api/v1/scenarios/does-not-exist")
                .then().statusCode(404).contentType("application/problem+json");
    }

    void awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String current = null;
        while (System.nanoTime() < deadline) {
            current = given().when().get("/api/v1/scenarios/" + id).then().extract().path("status");
            if (status.equals(current)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("scenario " + id + " stayed " + current + ", expected " + status);
    }
}
