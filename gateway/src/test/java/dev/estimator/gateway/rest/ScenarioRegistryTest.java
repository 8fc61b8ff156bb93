package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.awaitStatus;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import jakarta.inject.Inject;

/**
 * POST /api/v1/scenarios publishes on scenarios.submitted; the batch registry consumers finish the row
 * from estimates and scenarios.rejected, dead-letter what does not parse, and ignore redeliveries.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ScenarioRegistryTest {

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

    String submit() {
        return as(TestTokens.analyst()).body(REQUEST).when().post("/api/v1/scenarios")
                .then().statusCode(202).body("status", equalTo("PENDING")).extract().path("id");
    }

    @Test
    void submissionIsPublishedKeyedByIdAndCompletedByTheEstimateEvent() throws Exception {
        String id = submit();

        var record = kafka.awaitRecord("scenarios.submitted", id, WAIT);
        JsonNode event = json.readTree(record.value());
        assertEquals(id, event.get("scenarioId").asText());
        assertTrue(event.get("sweepId").isNull(), "sweepId is present and null for a single scenario");
        assertEquals("nvidia-v100-32gb", event.at("/hardware/accelerator").asText());
        assertEquals(10000, event.at("/hardware/count").asInt());
        assertEquals("estimator.scenario.submitted", KafkaTestClient.header(record, "ce_type"));
        assertEquals(id + ":estimator.scenario.submitted", KafkaTestClient.header(record, "ce_id"));
        assertEquals(id, KafkaTestClient.header(record, "ce_subject"));
        given().when().get("/api/v1/scenarios/" + id).then().statusCode(200).body("status", equalTo("PENDING"))
                .body("request.hardware.accelerator", equalTo("nvidia-v100-32gb"));

        kafka.send("estimates", id, estimate(id, null, 4.2e6, 13.9));
        awaitStatus(id, "COMPLETED");
        given().when().get("/api/v1/scenarios/" + id).then().body("estimate.compute.pfDays", equalTo(3645.8f))
                .body("estimate.cost.training.cloud", equalTo(4.2e6f));
    }

    @Test
    void rejectionFinishesTheScenarioWithItsFieldErrors() {
        String id = submit();
        kafka.send("scenarios.rejected", id, "{\"scenarioId\": \"" + id + "\", \"stage\": \"catalog\", "
                + "\"errors\": [{\"field\": \"hardware.accelerator\", \"message\": \"unknown\"}]}");
        awaitStatus(id, "REJECTED");
        given().when().get("/api/v1/scenarios/" + id).then()
                .body("errors.field", hasItem("hardware.accelerator")).body("stage", equalTo("catalog"));
    }

    @Test
    void unparseableValuesGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String id = submit();
        String badKey = "bad-" + id;
        kafka.send("estimates", badKey, "{not json");
        kafka.send("estimates", id, estimate(id, null, 1.0e6, 2.0));

        var dead = kafka.awaitRecord("estimates.dlq", badKey, WAIT);
        assertEquals("{not json", dead.value());
        assertTrue(KafkaTestClient.header(dead, "dead-letter-reason").contains("not JSON"),
                "reason header: " + KafkaTestClient.header(dead, "dead-letter-reason"));
        awaitStatus(id, "COMPLETED");

        String rejectedKey = "no-id-" + id;
        kafka.send("scenarios.rejected", rejectedKey, "{\"stage\": \"catalog\"}");
        var deadRejection = kafka.awaitRecord("scenarios.rejected.dlq", rejectedKey, WAIT);
        assertTrue(KafkaTestClient.header(deadRejection, "dead-letter-reason").contains("scenarioId"));
    }

    @Test
    void redeliveredAndLateEventsLeaveTheFinishedScenarioUnchanged() {
        String id = submit();
        kafka.send("estimates", id, estimate(id, null, 3.0e6, 5.0));
        awaitStatus(id, "COMPLETED");
        String finishedAt = given().when().get("/api/v1/scenarios/" + id).then().extract().path("finishedAt");

        // A redelivery with other numbers, then a late rejection: both must be ignored.
        kafka.send("estimates", id, estimate(id, null, 9.9e9, 99.0));
        kafka.send("scenarios.rejected", id, "{\"scenarioId\": \"" + id + "\", \"stage\": \"cost\", \"errors\": []}");
        // Markers finished after them (same key, so same partition) prove both consumers got past those records.
        String completedMarker = submit();
        String rejectedMarker = submit();
        kafka.send("estimates", id, estimate(completedMarker, null, 1.0, 1.0));
        kafka.send("scenarios.rejected", id, "{\"scenarioId\": \"" + rejectedMarker + "\", \"stage\": \"cost\", \"errors\": []}");
        awaitStatus(completedMarker, "COMPLETED");
        awaitStatus(rejectedMarker, "REJECTED");

        given().when().get("/api/v1/scenarios/" + id).then().body("status", equalTo("COMPLETED"))
                .body("finishedAt", equalTo(finishedAt)).body("estimate.cost.training.cloud", equalTo(3.0e6f));
    }
}
