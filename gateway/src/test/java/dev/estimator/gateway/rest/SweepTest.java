package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.WAIT;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import dev.estimator.stack.testing.Csv;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Sweeps: expansion and publication, progress, cheapest/fastest/Pareto front, JSON and CSV exports, limits. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class SweepTest {

    static final String BASE = """
            {"name": "LLaMA-2 70B grid", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2.0e12},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}, "pricing": {"provider": "aws"}}""";

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
    void aSweepExpandsPublishesAndSummarizesItsParetoFront() throws Exception {
        String sweepId = as(TestTokens.analyst()).body("{\"base\": " + BASE + ", \"vary\": {\"hardware.accelerator\": "
                + "[\"nvidia-a100-80gb\", \"nvidia-h800\"], \"hardware.count\": [512, 1024, 2048]}}")
                .when().post("/api/v1/sweeps").then().statusCode(202).body("scenarioCount", equalTo(6))
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/sweeps/")).extract().path("id");

        // Every member was published, with the sweep id and its own combination.
        var records = kafka.awaitRecords("scenarios.submitted", r -> r.value().contains(sweepId), 6, WAIT);
        Map<String, String> combinationById = new HashMap<>();
        for (var r : records) {
            JsonNode event = json.readTree(r.value());
            assertEquals(sweepId, event.get("sweepId").asText());
            assertEquals(r.key(), event.get("scenarioId").asText());
            assertEquals("llama-2-70b", event.at("/model/ref").asText(), "base fields are kept");
            combinationById.put(r.key(), event.at("/hardware/accelerator").asText() + "x" + event.at("/hardware/count").asInt());
        }
        assertEquals(6, combinationById.values().stream().distinct().count(), "six distinct combinations: " + combinationById);

        // Members in sweep order (accelerator varies slowest).
        JsonPath page = given().when().get("/api/v1/sweeps/" + sweepId + "/estimates?size=10").then().statusCode(200)
                .body("total", equalTo(6)).extract().jsonPath();
        List<String> ids = page.getList("items.id");
        assertEquals(List.of("nvidia-a100-80gbx512", "nvidia-a100-80gbx1024", "nvidia-a100-80gbx2048", "nvidia-h800x512",
                "nvidia-h800x1024", "nvidia-h800x2048"), ids.stream().map(combinationById::get).toList());

        given().when().get("/api/v1/sweeps/" + sweepId).then().statusCode(200).body("total", equalTo(6))
                .body("completed", equalTo(0)).body("pending", equalTo(6)).body("done", equalTo(false));

        // (cost, days): #3 is dominated by #1; #4 is rejected.
        double[][] results = { { 10, 10 }, { 8, 12 }, { 12, 8 }, { 9, 15 }, null, { 7, 20 } };
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (results[i] == null) {
                kafka.send("scenarios.rejected", id, "{\"scenarioId\": \"" + id + "\", \"sweepId\": \"" + sweepId
                        + "\", \"stage\": \"cost\", \"errors\": [{\"field\": \"pricing.provider\", \"message\": \"no price, \\\"quoted\\\", here\"}]}");
            } else {
                kafka.send("estimates", id, estimate(id, sweepId, results[i][0] * 1e6, results[i][1]));
            }
        }
        JsonPath progress = awaitDone(sweepId);
        assertEquals(5, progress.getInt("completed"));
        assertEquals(1, progress.getInt("rejected"));
        assertEquals(0, progress.getInt("pending"));
        assertEquals(ids.get(5), progress.getString("summary.cheapest.scenarioId"));
        assertEquals(ids.get(2), progress.getString("summary.fastest.scenarioId"));
        assertEquals("nvidia-a100-80gb", progress.getString("summary.fastest.variant.'hardware.accelerator'"));
        assertEquals("USD", progress.getString("summary.currency"));
        // Fastest first, cost falling along the front; the dominated and the rejected members are absent.
        assertEquals(List.of(ids.get(2), ids.get(0), ids.get(1), ids.get(5)), progress.getList("summary.paretoFront.scenarioId"));
        assertEquals(List.of(8.0f, 10.0f, 12.0f, 20.0f), progress.getList("summary.paretoFront.wallClockDays"));

        // JSON export, paged.
        given().when().get("/api/v1/sweeps/" + sweepId + "/estimates?page=1&size=4").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("page", equalTo(1)).body("total", equalTo(6))
                .body("items[1].estimate.cost.training.cloud", equalTo(7.0e6f))
                .body("items[0].status", equalTo("REJECTED"));

        // CSV export parses: a header, one row per member, the varied columns, quotes escaped.
        String csv = given().accept("text/csv").when().get("/api/v1/sweeps/" + sweepId + "/estimates")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<List<String>> rows = Csv.parse(csv);
        List<String> header = rows.get(0);
        assertEquals(7, rows.size(), csv);
        assertTrue(header.containsAll(List.of("scenarioId", "status", "hardware.accelerator", "hardware.count", "wallClockDays",
                "trainingCloudCost", "errors")), header.toString());
        for (List<String> row : rows) {
            assertEquals(header.size(), row.size(), "every row has every column: " + row);
        }
        Map<String, String> last = IntStream.range(0, header.size()).boxed()
                .collect(Collectors.toMap(header::get, rows.get(6)::get));
        assertEquals(ids.get(5), last.get("scenarioId"));
        assertEquals("nvidia-h800", last.get("hardware.accelerator"));
        assertEquals("2048", last.get("hardware.count"));
        assertEquals(7.0e6, Double.parseDouble(last.get("trainingCloudCost")));
        assertEquals(20.0, Double.parseDouble(last.get("wallClockDays")));
        Map<String, String> rejected = IntStream.range(0, header.size()).boxed()
                .collect(Collectors.toMap(header::get, rows.get(5)::get));
        assertEquals("REJECTED", rejected.get("status"));
        assertEquals("pricing.provider: no price, \"quoted\", here", rejected.get("errors"));
        // ?format=csv works without an Accept header.
        given().when().get("/api/v1/sweeps/" + sweepId + "/estimates?format=csv").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"));
    }

    @Test
    void sweepMistakesNameTheirField() {
        String token = TestTokens.analyst();
        String counts = IntStream.rangeClosed(1, 101).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String params = IntStream.rangeClosed(1, 100).mapToObj(i -> i + "e9").collect(Collectors.joining(","));
        as(token).body("{\"base\": " + BASE + ", \"vary\": {\"hardware.count\": [" + counts + "], \"model.parameters\": [" + params + "]}}")
                .when().post("/api/v1/sweeps").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("vary")).body("errors[0].message", org.hamcrest.Matchers.containsString("10100"));
        as(token).body("{\"base\": " + BASE + ", \"vary\": {\"hardware.gpus\": [1, 2]}}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("vary.hardware.gpus"));
        as(token).body("{\"base\": " + BASE + ", \"vary\": {\"hardware.count\": [8, -1]}}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("vary.hardware.count"));
        as(token).body("{\"base\": " + BASE + ", \"vary\": {\"hardware.count\": []}}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("vary.hardware.count"));
        as(token).body("{\"base\": " + BASE.replace("\"training\": {\"tokens\": 2.0e12}", "\"training\": {\"tokens\": -1}")
                + ", \"vary\": {\"hardware.count\": [8]}}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("base.training.tokens"));
        as(token).body("{\"vary\": {\"hardware.count\": [8]}}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("base"));
        as(token).body("{\"base\": " + BASE + "}").when().post("/api/v1/sweeps")
                .then().statusCode(400).body("errors.field", hasItem("vary"));
        given().when().get("/api/v1/sweeps/nope").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/sweeps/nope/estimates?size=0").then().statusCode(400).body("errors.field", hasItem("size"));
    }

    @Test
    void theSameIdempotencyKeyAndSweepCreateOneSweepPublishedOnce() {
        String token = TestTokens.analyst();
        String key = UUID.randomUUID().toString();
        String name = "idempotent-" + key;
        String sweep = """
                {"base": {"name": "%s", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2.0e12},
                          "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}, "pricing": {"provider": "aws"}},
                 "vary": {"hardware.count": [256, 512, 768]}}""".formatted(name);
        // The retry after a lost answer, serialized differently: other field order and number spelling.
        String retried = """
                {"vary": {"hardware.count": [256, 512, 768]},
                 "base": {"pricing": {"provider": "aws"}, "hardware": {"count": 1024, "accelerator": "nvidia-h100-sxm"},
                          "training": {"tokens": 2e12}, "model": {"ref": "llama-2-70b"}, "name": "%s"}}""".formatted(name);
        String first = as(token).header("Idempotency-Key", key).body(sweep).when().post("/api/v1/sweeps").then().statusCode(202)
                .body("scenarioCount", equalTo(3)).extract().path("id");
        String second = as(token).header("Idempotency-Key", key).body(retried).when().post("/api/v1/sweeps").then().statusCode(202)
                .body("scenarioCount", equalTo(3)).header("Location", org.hamcrest.Matchers.endsWith("/api/v1/sweeps/" + first))
                .extract().path("id");
        assertEquals(first, second);

        // Same key, another sweep: 422 naming the header and the first sweep.
        as(token).header("Idempotency-Key", key).body(sweep.replace("768", "1536")).when().post("/api/v1/sweeps").then()
                .statusCode(422).contentType("application/problem+json").body("status", equalTo(422))
                .body("detail", org.hamcrest.Matchers.containsString(first)).body("errors.field", hasItem("Idempotency-Key"));

        // One sweep, each member published exactly once, nothing for the refused one (readAll reads the whole
        // window, so a second copy or a stray sweep would be counted).
        var published = kafka.readAll("scenarios.submitted", r -> r.value().contains(name), Duration.ofSeconds(3));
        assertEquals(3, published.size(), "members published once: " + published.stream().map(r -> r.value()).toList());
        assertTrue(published.stream().allMatch(r -> r.value().contains(first)), "all of the first sweep");
        assertEquals(3, published.stream().map(r -> r.key()).distinct().count());
        given().when().get("/api/v1/sweeps/" + first + "/estimates").then().statusCode(200).body("total", equalTo(3))
                .body("items.size()", equalTo(3));

        // Another client may use the same key for its own sweep; a malformed key is a 400 naming the header.
        String other = as(TestTokens.analyst()).header("Idempotency-Key", key).body(sweep).when().post("/api/v1/sweeps")
                .then().statusCode(202).extract().path("id");
        assertTrue(!other.equals(first));
        as(token).header("Idempotency-Key", "with space").body(sweep).when().post("/api/v1/sweeps").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));
    }

    JsonPath awaitDone(String sweepId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonPath progress = null;
        while (System.nanoTime() < deadline) {
            progress = given().when().get("/api/v1/sweeps/" + sweepId).then().statusCode(200).extract().jsonPath();
            if (progress.getBoolean("done")) {
                return progress;
            }
            GatewayTesting.sleep(100);
        }
        throw new AssertionError("sweep not done: " + (progress == null ? null : progress.prettify()));
    }
}
