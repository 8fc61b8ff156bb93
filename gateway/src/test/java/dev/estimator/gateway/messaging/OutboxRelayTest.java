package dev.estimator.gateway.messaging;

import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.rest.ScenarioRequest;
import dev.estimator.gateway.event.ScenarioSubmittedEvent;
import dev.estimator.gateway.repository.OutboxRow;
import dev.estimator.gateway.rest.GatewayTesting;
import dev.estimator.gateway.rest.TestTokens;
import dev.estimator.gateway.service.ScenarioRequestBinder;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The transactional outbox: what is committed to the registry is published by the relay, whether or not the replica
 * that stored it lived to publish it, and a client retrying with its Idempotency-Key after a crash gets the same sweep
 * or scenario, all of whose members complete.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class OutboxRelayTest {

    static final String INSERT = """
            INSERT INTO scenario (id, sweep_id, sweep_index, status, submitted_at, request, request_hash, version,
                                  published_at, publish_lease_until)
            VALUES ($1, $2, $3, $4, $5, $6, 'test', 0, NULL, $7)""";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    OutboxRelay relay;

    @Inject
    SubmittedEvents events;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void disconnect() {
        relay.resume();
        kafka.close();
    }

    String canonical(String request) throws Exception {
        return binder.canonical(binder.bind(json.readTree(request)));
    }

    void insert(String id, String sweepId, Integer index, String status, Instant submitted, String request, Instant lease) {
        pool.preparedQuery(INSERT).execute(Tuple.from(new Object[] { id, sweepId, index, status, submitted.atOffset(ZoneOffset.UTC),
                request, lease == null ? null : lease.atOffset(ZoneOffset.UTC) })).await().atMost(WAIT);
    }

    OffsetDateTime publishedAt(String id) {
        Row row = pool.preparedQuery("SELECT published_at FROM scenario WHERE id = $1").execute(Tuple.of(id)).await().atMost(WAIT)
                .iterator().next();
        return row.getOffsetDateTime(0);
    }

    @Test
    void rowsCommittedButNeverPublishedArePublishedByTheRelay() throws Exception {
        String request = canonical(GatewayTesting.REQUEST);
        Instant submitted = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        String sweepId = "relay-sweep-" + UUID.randomUUID();
        String single = UUID.randomUUID().toString();
        String member0 = UUID.randomUUID().toString();
        String member1 = UUID.randomUUID().toString();
        String leasedElsewhere = UUID.randomUUID().toString();
        String finished = UUID.randomUUID().toString();
        // As a replica that crashed after its commits left them: never published; one lease ran out, one was never set.
        insert(single, null, null, "PENDING", submitted, request, null);
        insert(member0, sweepId, 0, "PENDING", submitted, request, Instant.now().minusSeconds(30));
        insert(member1, sweepId, 1, "PENDING", submitted, request, Instant.now().minusSeconds(1));
        // A live replica still owns this one; and a finished scenario evidently reached the pipeline.
        insert(leasedElsewhere, null, null, "PENDING", submitted, request, Instant.now().plus(1, ChronoUnit.HOURS));
        insert(finished, null, null, "COMPLETED", submitted, request, null);

        Set<String> expected = Set.of(single, member0, member1);
        var records = kafka.awaitRecords(SubmittedEvents.TOPIC, r -> expected.contains(r.key()), 3, WAIT);
        for (var record : records) {
            JsonNode event = json.readTree(record.value());
            assertEquals(record.key(), event.get("scenarioId").asText());
            assertEquals(single.equals(record.key()) ? null : sweepId, event.get("sweepId").isNull() ? null : event.get("sweepId").asText());
            assertEquals(submitted, Instant.parse(event.get("submittedAt").asText()), "the stored submission time");
            assertEquals("nvidia-v100-32gb", event.at("/hardware/accelerator").asText());
            assertEquals(10000, event.at("/hardware/count").asInt());
            assertEquals("estimator.scenario.submitted", KafkaTestClient.header(record, "ce_type"));
            assertEquals(record.key() + ":estimator.scenario.submitted", KafkaTestClient.header(record, "ce_id"));
            assertEquals(record.key(), KafkaTestClient.header(record, "ce_subject"));
            assertEquals("/gateway", KafkaTestClient.header(record, "ce_source"));
            assertEquals("1.0", KafkaTestClient.header(record, "ce_specversion"));
            assertEquals(submitted, Instant.parse(KafkaTestClient.header(record, "ce_time")));
        }
        // Marked once the broker acknowledged them, and so never claimed again.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (expected.stream().anyMatch(id -> publishedAt(id) == null)) {
            assertTrue(System.nanoTime() < deadline, "rows marked published");
            GatewayTesting.sleep(100);
        }
        assertEquals(List.of(), kafka.readAll(SubmittedEvents.TOPIC, r -> leasedElsewhere.equals(r.key()) || finished.equals(r.key()),
                Duration.ofSeconds(2)), "a row leased by another replica, or finished, is not published");
        assertEquals(null, publishedAt(leasedElsewhere));
        pool.preparedQuery("DELETE FROM scenario WHERE id = ANY($1::text[])")
                .execute(Tuple.tuple().addArrayOfString(new String[] { leasedElsewhere, finished })).await().atMost(WAIT);
    }

    @Test
    void aSweepAndAScenarioRetriedWithTheirKeysAfterACrashKeepTheirIdsAndEveryMemberCompletes() {
        String token = TestTokens.analyst();
        String name = "crash-" + UUID.randomUUID();
        String sweep = """
                {"base": {"name": "%s", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2e12},
                          "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}},
                 "vary": {"hardware.count": [256, 512, 768]}}""".formatted(name);
        String scenario = GatewayTesting.REQUEST.replace("\"GPT-3\"", "\"" + name + "\"");
        String sweepKey = UUID.randomUUID().toString();
        String scenarioKey = UUID.randomUUID().toString();

        // The replica stores the submissions and answers, then dies before its relay publishes anything.
        relay.suspend();
        String sweepId = as(token).header("Idempotency-Key", sweepKey).body(sweep).when().post("/api/v1/sweeps").then()
                .statusCode(202).extract().path("id");
        String scenarioId = as(token).header("Idempotency-Key", scenarioKey).body(scenario).when().post("/api/v1/scenarios").then()
                .statusCode(202).body("status", equalTo("PENDING")).extract().path("id");
        long unpublished = pool.preparedQuery("SELECT count(*) FROM scenario WHERE (sweep_id = $1 OR id = $2) AND published_at IS NULL")
                .execute(Tuple.of(sweepId, scenarioId)).await().atMost(WAIT).iterator().next().getLong(0);
        assertEquals(4, unpublished, "committed before any broker ack: the answer did not wait for Kafka");
        assertEquals(List.of(), kafka.readAll(SubmittedEvents.TOPIC, r -> r.value().contains(name), Duration.ofSeconds(1)),
                "nothing published while the relay is down");
        // Time passes: the dead replica's leases run out.
        pool.preparedQuery("UPDATE scenario SET publish_lease_until = now() - interval '1 second' WHERE sweep_id = $1 OR id = $2")
                .execute(Tuple.of(sweepId, scenarioId)).await().atMost(WAIT);

        // The client retries with the same keys (on another replica, or this one restarted): same ids.
        as(token).header("Idempotency-Key", sweepKey).body(sweep).when().post("/api/v1/sweeps").then().statusCode(202)
                .body("id", equalTo(sweepId)).body("scenarioCount", equalTo(3)).header("Location", endsWith("/api/v1/sweeps/" + sweepId));
        as(token).header("Idempotency-Key", scenarioKey).body(scenario).when().post("/api/v1/scenarios").then().statusCode(202)
                .body("id", equalTo(scenarioId));
        relay.resume();

        // The relay publishes what the first attempt stored, and every member completes.
        var published = kafka.awaitRecords(SubmittedEvents.TOPIC, r -> r.value().contains(name), 4, WAIT);
        for (var record : published) {
            kafka.send("estimates", record.key(), estimate(record.key(), scenarioId.equals(record.key()) ? null : sweepId, 1.0e6, 10.0));
        }
        GatewayTesting.awaitStatus(scenarioId, "COMPLETED");
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath progress;
        do {
            assertTrue(System.nanoTime() < deadline, "sweep completes");
            GatewayTesting.sleep(100);
            progress = given().when().get("/api/v1/sweeps/" + sweepId).then().statusCode(200).extract().jsonPath();
        } while (!progress.getBoolean("done"));
        assertEquals(3, progress.getInt("completed"));
        assertEquals(4, published.stream().map(r -> r.key()).distinct().count(), "the three members and the scenario");
        assertTrue(published.stream().anyMatch(r -> r.key().equals(scenarioId)));
    }

    @Test
    void theEventBuiltFromTheStoredRowIsTheEventRecordAsJacksonWritesIt() throws Exception {
        ScenarioRequest request = binder.bind(json.readTree("""
                {"name": "quote \\" and \\u00e9", "model": {"parameters": 7e9, "components": [{"name": "vision",
                  "parameters": 3.04e8, "modality": "image"}]}, "training": {"tokens": 1e12, "precision": "bf16"},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 64}, "pricing": {"provider": "aws"}}"""));
        Instant submitted = Instant.parse("2026-11-28T10:00:00.123456Z");
        for (String sweepId : new String[] { null, "sweep-1" }) {
            String built = events.value(new OutboxRow("id-1", sweepId, submitted, binder.canonical(request)));
            assertEquals(json.writeValueAsString(ScenarioSubmittedEvent.of("id-1", sweepId, submitted, request)), built);
        }
    }
}
