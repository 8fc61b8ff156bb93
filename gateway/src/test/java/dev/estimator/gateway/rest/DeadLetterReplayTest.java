package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.gateway.messaging.GatewayProducer;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** POST /api/v1/admin/dead-letters/{topic}/replay: admin only, pipeline topics only, each dead letter replayed once. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class DeadLetterReplayTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    GatewayProducer producer;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** A dead letter as a stage writes it: the record as received, its CloudEvents headers, and why it was refused. */
    void deadLetter(String topic, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        for (String[] h : new String[][] { { "ce_specversion", "1.0" }, { "ce_id", key + ":test" }, { "ce_type", "test.type" },
                { "ce_source", "/test" }, { "dead-letter-reason", "refused in a test" }, { "dead-letter-cause", "java.lang.Exception" },
                { "dead-letter-topic", topic }, { "dead-letter-partition", "0" }, { "dead-letter-offset", "0" },
                { "dead-letter-stage", "test" } }) {
            headers.add(h[0], h[1].getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic + ".dlq", null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aDeadLetterGoesBackToItsTopicOnceWithoutTheDeadLetterHeaders() {
        String key = "replay-" + UUID.randomUUID();
        String value = "{\"scenarioId\": \"" + key + "\"}";
        deadLetter("scenarios.computed", key, value);

        as(TestTokens.admin()).when().post("/api/v1/admin/dead-letters/scenarios.computed/replay").then().statusCode(200)
                .body("topic", equalTo("scenarios.computed")).body("deadLetterTopic", equalTo("scenarios.computed.dlq"))
                .body("replayed", equalTo(1)).body("more", equalTo(false));
        var replayed = kafka.awaitRecord("scenarios.computed", key, WAIT);
        assertEquals(value, replayed.value());
        assertEquals(key + ":test", KafkaTestClient.header(replayed, "ce_id"));
        assertEquals("test.type", KafkaTestClient.header(replayed, "ce_type"));
        for (String header : new String[] { "dead-letter-reason", "dead-letter-cause", "dead-letter-topic", "dead-letter-partition",
                "dead-letter-offset", "dead-letter-stage" }) {
            assertNull(KafkaTestClient.header(replayed, header), header);
        }

        // Replayed once: the replay's consumer group committed it, so a second call has nothing to do.
        as(TestTokens.admin()).when().post("/api/v1/admin/dead-letters/scenarios.computed/replay").then().statusCode(200)
                .body("replayed", equalTo(0)).body("more", equalTo(false));
        assertEquals(1, kafka.readAll("scenarios.computed", r -> key.equals(r.key()), Duration.ofSeconds(2)).size());
    }

    @Test
    void aReplayedEstimateFinishesItsScenario() {
        String id = as(TestTokens.analyst()).body(REQUEST).when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
        deadLetter("estimates", id, estimate(id, null, 2.0e6, 7.0));
        as(TestTokens.admin()).when().post("/api/v1/admin/dead-letters/estimates/replay").then().statusCode(200)
                .body("replayed", greaterThanOrEqualTo(1));
        GatewayTesting.awaitStatus(id, "COMPLETED");
        given().when().get("/api/v1/scenarios/" + id).then().body("estimate.cost.training.cloud", equalTo(2.0e6f));
    }

    @Test
    void onlyAdminsReplayAndOnlyPipelineTopics() {
        String path = "/api/v1/admin/dead-letters/estimates/replay";
        given().when().post(path).then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        as(TestTokens.analyst()).when().post(path).then().statusCode(403).contentType("application/problem+json");
        for (String topic : new String[] { "estimates.dlq", "nope", "__consumer_offsets" }) {
            as(TestTokens.admin()).when().post("/api/v1/admin/dead-letters/" + topic + "/replay").then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400)).body("errors.field", hasItem("topic"));
        }
        as(TestTokens.admin()).queryParam("max", 0).when().post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("max"));
    }

    @Test
    void theProducerRefusesATopicTheGatewayDoesNotDeclare() {
        // What the ACLs in deploy/k8s are checked against must be what the gateway can write.
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> producer.send(new ProducerRecord<>("catalog.changes", "k", "v"), null));
        assertTrue(refused.getMessage().contains("estimator.kafka.output-topics"), refused.getMessage());
    }
}
