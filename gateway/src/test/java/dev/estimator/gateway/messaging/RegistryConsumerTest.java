package dev.estimator.gateway.messaging;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.awaitStatus;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.gateway.rest.TestTokens;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The registry consumers: a record that can never succeed is dead-lettered alone, with the documented headers, while
 * the rest of its batch is applied and the batch's offsets are committed; and only committed transactions are read.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class RegistryConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

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
        return as(TestTokens.analyst()).body(REQUEST).when().post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
    }

    @Test
    void aRecordThatCanNeverSucceedIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() throws Exception {
        String first = submit();
        String refused = submit();
        String last = submit();
        String notJson = "not-json-" + UUID.randomUUID();
        // Valid JSON with a scenario id, but a currency longer than the registry's column: only the database can tell,
        // and it refuses it whatever the retries.
        String tooLong = estimate(refused, null, 2.0e6, 3.0).replace("\"currency\": \"USD\"", "\"currency\": \"" + "X".repeat(300) + "\"");
        Map<String, RecordMetadata> sent = new java.util.HashMap<>();
        // One producer batch on one partition: the consumer gets the four records in one poll, so in one registry batch.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", "200",
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            List<String> keys = List.of(first, notJson, refused, last);
            List<String> values = List.of(estimate(first, null, 1.0e6, 2.0), "{not json", tooLong, estimate(last, null, 3.0e6, 4.0));
            for (int i = 0; i < keys.size(); i++) {
                sends.add(producer.send(new ProducerRecord<>("estimates", 0, keys.get(i), values.get(i))));
            }
            producer.flush();
            for (int i = 0; i < keys.size(); i++) {
                sent.put(keys.get(i), sends.get(i).get());
            }
        }

        awaitStatus(first, "COMPLETED");
        awaitStatus(last, "COMPLETED");
        var dead = kafka.awaitRecords("estimates.dlq", r -> r.key().equals(notJson) || r.key().equals(refused), 2, WAIT);
        for (var letter : dead) {
            RecordMetadata source = sent.get(letter.key());
            assertEquals("estimates", KafkaTestClient.header(letter, "dead-letter-topic"));
            assertEquals(String.valueOf(source.partition()), KafkaTestClient.header(letter, "dead-letter-partition"));
            assertEquals(String.valueOf(source.offset()), KafkaTestClient.header(letter, "dead-letter-offset"));
            assertEquals("gateway", KafkaTestClient.header(letter, "dead-letter-stage"));
            assertTrue(!KafkaTestClient.header(letter, "dead-letter-cause").isBlank(), "cause: the exception's class");
        }
        var byKey = dead.stream().collect(java.util.stream.Collectors.toMap(r -> r.key(), r -> r));
        assertEquals("{not json", byKey.get(notJson).value());
        assertTrue(KafkaTestClient.header(byKey.get(notJson), "dead-letter-reason").contains("not JSON"),
                KafkaTestClient.header(byKey.get(notJson), "dead-letter-reason"));
        assertEquals(tooLong, byKey.get(refused).value(), "dead-lettered as received");
        assertTrue(KafkaTestClient.header(byKey.get(refused), "dead-letter-reason").contains("too long"),
                KafkaTestClient.header(byKey.get(refused), "dead-letter-reason"));
        given().when().get("/api/v1/scenarios/" + refused).then().body("status", equalTo("PENDING"));
        given().when().get("/api/v1/scenarios/" + last).then().body("estimate.cost.training.cloud", equalTo(3.0e6f));

        // Nothing else of the batch was dead-lettered, and its offsets were committed after the registry update.
        assertEquals(Set.of(notJson, refused), Set.copyOf(kafka.readAll("estimates.dlq",
                r -> Set.of(first, last, notJson, refused).contains(r.key()), Duration.ofSeconds(2)).stream().map(r -> r.key()).toList()));
        kafka.awaitNoLag("gateway-registry", "estimates", WAIT);
    }

    @Test
    void anEstimateFromAnAbortedTransactionIsNeverApplied() {
        String id = submit();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "transactional.id", "test-aborted-" + UUID.randomUUID()), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("estimates", id, estimate(id, null, 9.9e9, 99.0)));
            producer.flush();
            producer.abortTransaction();
        }
        // Same key, so same partition and a later offset: a read_uncommitted consumer would apply the aborted one first.
        kafka.send("estimates", id, estimate(id, null, 1.5e6, 5.0));
        awaitStatus(id, "COMPLETED");
        given().when().get("/api/v1/scenarios/" + id).then().body("estimate.cost.training.cloud", equalTo(1.5e6f));
    }
}
