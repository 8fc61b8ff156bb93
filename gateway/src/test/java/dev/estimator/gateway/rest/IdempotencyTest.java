package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static dev.estimator.gateway.rest.GatewayTesting.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import dev.estimator.gateway.service.IdempotencyKeyCleaner;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Idempotency-Key races and expiry. Concurrent requests with one key answer the same scenario or sweep (or a 422 for
 * another body, or a 409 asking to retry), never a 5xx, and store it once; a first attempt that fails (rolled back)
 * leaves the key to the next one; keys expire after gateway.idempotency.retention (24 h): an expired key may be used
 * again, and the cleanup releases expired keys in bulk. Rows are aged and first attempts held open in SQL, white-box.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class IdempotencyTest {

    static final int RACERS = 8;
    static final String SWEEP = "{\"base\": " + REQUEST + ", \"vary\": {\"hardware.count\": [" + String.join(",",
            java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(String::valueOf).toList()) + "]}}";

    @Inject
    Pool pool;

    @Inject
    IdempotencyKeyCleaner cleaner;

    record Answer(int status, String id, String body) {
    }

    /** {@code n} requests released at once; their answers. */
    static List<Answer> race(int n, IntFunction<ExtractableResponse<Response>> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int racer = i;
                answers.add(threads.submit(() -> {
                    start.await();
                    ExtractableResponse<Response> r = request.apply(racer);
                    String id = r.statusCode() < 300 ? r.path("id") : null;
                    return new Answer(r.statusCode(), id, r.asString());
                }));
            }
            start.countDown();
            List<Answer> result = new ArrayList<>();
            for (Future<Answer> a : answers) {
                result.add(a.get());
            }
            return result;
        } finally {
            threads.shutdownNow();
        }
    }

    long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }

    String keyOf(String table, String id) {
        Row row = pool.preparedQuery("SELECT idempotency_key FROM " + table + " WHERE id = $1").execute(Tuple.of(id)).await()
                .indefinitely().iterator().next();
        return row.getString(0);
    }

    void age(String table, String column, String id, Duration by) {
        pool.preparedQuery("UPDATE " + table + " SET " + column + " = " + column + " - make_interval(secs => $2) WHERE id = $1")
                .execute(Tuple.of(id, (double) by.toSeconds())).await().indefinitely();
    }

    @Test
    void concurrentScenariosWithOneKeyStoreOneAndAnswerIt() throws Exception {
        String subject = "race-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        String key = UUID.randomUUID().toString();
        List<Answer> answers = race(RACERS, i -> as(token).header("Idempotency-Key", key).body(REQUEST).when()
                .post("/api/v1/scenarios").then().extract());
        Set<String> ids = new HashSet<>();
        for (Answer a : answers) {
            assertTrue(a.status() == 202 || a.status() == 200 || a.status() == 409, "202, or 409 to retry: " + a);
            if (a.id() != null) {
                ids.add(a.id());
            }
        }
        assertEquals(1, ids.size(), "one scenario: " + answers);
        assertEquals(1, count("SELECT count(*) FROM scenario WHERE idempotency_key = $1", "sub:" + subject + ":" + key));
    }

    @Test
    void concurrentSweepsWithOneKeyStoreOneAndAnswerIt() throws Exception {
        String subject = "race-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        String key = UUID.randomUUID().toString();
        // 8 x 50 members: within the %test scenario bucket of 1000 even if every racer is charged.
        List<Answer> answers = race(RACERS, i -> as(token).header("Idempotency-Key", key).body(SWEEP).when()
                .post("/api/v1/sweeps").then().extract());
        Set<String> ids = new HashSet<>();
        for (Answer a : answers) {
            assertTrue(a.status() == 202 || a.status() == 409, "202, or 409 to retry: " + a);
            if (a.id() != null) {
                ids.add(a.id());
            }
        }
        assertEquals(1, ids.size(), "one sweep: " + answers);
        assertEquals(1, count("SELECT count(*) FROM sweep WHERE idempotency_key = $1", "sub:" + subject + ":" + key));
        assertEquals(50, count("SELECT count(*) FROM scenario WHERE sweep_id = $1", ids.iterator().next()));
    }

    @Test
    void concurrentDifferentBodiesWithOneKeyAreOneScenarioAnd422s() throws Exception {
        String token = TestTokens.analyst();
        String key = UUID.randomUUID().toString();
        List<Answer> answers = race(RACERS, i -> as(token).header("Idempotency-Key", key)
                .body(REQUEST.replace("\"count\": 10000", "\"count\": " + (1000 + i))).when().post("/api/v1/scenarios").then().extract());
        long created = answers.stream().filter(a -> a.status() == 202).count();
        assertEquals(1, created, "one body won: " + answers);
        for (Answer a : answers) {
            assertTrue(a.status() == 202 || a.status() == 422 || a.status() == 409, "no 5xx: " + a);
        }
    }

    /** A first attempt is storing (its transaction open, holding the key) when the retry comes, then fails. */
    @Test
    void aFirstAttemptThatFailsLeavesTheKeyToTheRetry() throws Exception {
        String subject = "failed-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        SqlConnection first = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = first.begin().await().indefinitely();
            insertHeld(first, "sub:" + subject + ":" + key, OffsetDateTime.now(ZoneOffset.UTC));
            CompletableFuture<ExtractableResponse<Response>> retry = CompletableFuture.supplyAsync(() -> as(TestTokens.forSubject(
                    "analyst", subject)).header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios").then().extract());
            awaitBlockedOnTheKey();
            assertTrue(!retry.isDone(), "the retry waits for the first attempt's key");
            tx.rollback().await().indefinitely();
            ExtractableResponse<Response> answer = retry.get();
            assertEquals(202, answer.statusCode(), answer.asString());
            assertEquals("sub:" + subject + ":" + key, keyOf("scenario", answer.path("id")));
        } finally {
            first.close().await().indefinitely();
        }
    }

    /**
     * The attempt holding the key commits, but what it committed cannot answer the retry (its key has expired): the retry
     * is a 409 with Retry-After, not a 500, and the next retry stores (the expired key is released).
     */
    @Test
    void aKeyThatCannotBeReadAfterTheRaceIsA409ToRetry() throws Exception {
        String subject = "busy-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        String key = UUID.randomUUID().toString();
        String scoped = "sub:" + subject + ":" + key;
        SqlConnection first = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = first.begin().await().indefinitely();
            insertHeld(first, scoped, OffsetDateTime.now(ZoneOffset.UTC).minusDays(2));
            CompletableFuture<ExtractableResponse<Response>> retry = CompletableFuture.supplyAsync(() -> as(token)
                    .header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios").then().extract());
            awaitBlockedOnTheKey();
            tx.commit().await().indefinitely();
            ExtractableResponse<Response> answer = retry.get();
            assertEquals(409, answer.statusCode(), answer.asString());
            assertEquals("application/problem+json", answer.contentType());
            assertNotNull(answer.header("Retry-After"));
            assertTrue(answer.jsonPath().getList("errors.field").contains("Idempotency-Key"), answer.asString());
        } finally {
            first.close().await().indefinitely();
        }
        String id = as(token).header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios").then().statusCode(202)
                .extract().path("id");
        assertEquals(scoped, keyOf("scenario", id));
        assertEquals(1, count("SELECT count(*) FROM scenario WHERE idempotency_key = $1", scoped));
    }

    /**
     * A sweep that loses the race for its key to an attempt whose result cannot answer it (409) stored nothing, so its
     * scenario tokens are given back: the client's retry is not charged twice (%test bucket: 1000).
     */
    @Test
    void aSweepThatStoredNothingCostsNoTokens() throws Exception {
        String subject = "refund-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        String key = UUID.randomUUID().toString();
        String big = "{\"base\": " + REQUEST + ", \"vary\": {\"hardware.count\": [" + String.join(",",
                java.util.stream.IntStream.rangeClosed(1, 900).mapToObj(String::valueOf).toList()) + "]}}";
        SqlConnection first = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = first.begin().await().indefinitely();
            first.preparedQuery("""
                    INSERT INTO sweep (id, name, base_request, vary, scenario_count, created_at, created_by, idempotency_key,
                                       request_hash)
                    VALUES ($1, 'held', '{}', '{}', 0, $2, 'held', $3, 'held')""")
                    .execute(Tuple.of(UUID.randomUUID().toString(), OffsetDateTime.now(ZoneOffset.UTC).minusDays(2),
                            "sub:" + subject + ":" + key)).await().indefinitely();
            CompletableFuture<ExtractableResponse<Response>> lost = CompletableFuture.supplyAsync(() -> as(token)
                    .header("Idempotency-Key", key).body(big).when().post("/api/v1/sweeps").then().extract());
            awaitBlockedOnTheKey();
            tx.commit().await().indefinitely();
            assertEquals(409, lost.get().statusCode(), lost.get().asString());
        } finally {
            first.close().await().indefinitely();
        }
        // 900 tokens were taken and given back: another 900 fit at once.
        as(token).body(big).when().post("/api/v1/sweeps").then().statusCode(202);
    }

    /** Until the request under test waits for the held transaction's key (its insert is blocked on the unique index). */
    void awaitBlockedOnTheKey() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = $1",
                "Lock") == 0) {
            assertTrue(System.nanoTime() < deadline, "the request never reached the key");
            GatewayTesting.sleep(50);
        }
    }

    /** A row as a first attempt's transaction writes it, published already so the relay leaves it alone. */
    static void insertHeld(SqlConnection connection, String scopedKey, OffsetDateTime submittedAt) {
        connection.preparedQuery("""
                INSERT INTO scenario (id, idempotency_key, request_hash, status, request, submitted_at, published_at, version)
                VALUES ($1, $2, 'held', 'PENDING', '{}', $3, $3, 0)""")
                .execute(Tuple.of(UUID.randomUUID().toString(), scopedKey, submittedAt)).await().indefinitely();
    }

    @Test
    void anExpiredKeyMayBeUsedAgainForAnotherRequest() {
        String token = TestTokens.analyst();
        String key = UUID.randomUUID().toString();
        String first = as(token).header("Idempotency-Key", key).body(REQUEST).when().post("/api/v1/scenarios").then()
                .statusCode(202).extract().path("id");
        String other = REQUEST.replace("\"count\": 10000", "\"count\": 20000");
        // Within the retention: another body under the key is a 422.
        as(token).header("Idempotency-Key", key).body(other).when().post("/api/v1/scenarios").then().statusCode(422);
        age("scenario", "submitted_at", first, Duration.ofHours(25));
        String second = as(token).header("Idempotency-Key", key).body(other).when().post("/api/v1/scenarios").then()
                .statusCode(202).extract().path("id");
        assertNotEquals(first, second);
        assertNull(keyOf("scenario", first), "the expired key was released");
        as(token).header("Idempotency-Key", key).body(other).when().post("/api/v1/scenarios").then().statusCode(202)
                .body("id", equalTo(second));

        String sweep = as(token).header("Idempotency-Key", key).body(SWEEP).when().post("/api/v1/sweeps").then().statusCode(202)
                .extract().path("id");
        age("sweep", "created_at", sweep, Duration.ofHours(25));
        String again = as(token).header("Idempotency-Key", key).body(SWEEP.replace("[1,", "[51,")).when().post("/api/v1/sweeps")
                .then().statusCode(202).extract().path("id");
        assertNotEquals(sweep, again);
        assertNull(keyOf("sweep", sweep));
    }

    @Test
    void theCleanupReleasesExpiredKeysOnly() {
        String token = TestTokens.analyst();
        String old = as(token).header("Idempotency-Key", UUID.randomUUID().toString()).body(REQUEST).when()
                .post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
        String fresh = as(token).header("Idempotency-Key", UUID.randomUUID().toString()).body(REQUEST).when()
                .post("/api/v1/scenarios").then().statusCode(202).extract().path("id");
        String oldSweep = as(token).header("Idempotency-Key", UUID.randomUUID().toString()).body(SWEEP).when()
                .post("/api/v1/sweeps").then().statusCode(202).extract().path("id");
        age("scenario", "submitted_at", old, Duration.ofHours(25));
        age("sweep", "created_at", oldSweep, Duration.ofHours(25));
        long released = cleaner.releaseExpired().await().indefinitely();
        assertTrue(released >= 2, "released " + released);
        assertNull(keyOf("scenario", old));
        assertNull(keyOf("sweep", oldSweep));
        assertNotNull(keyOf("scenario", fresh), "a key within the retention stays");
        // The rows themselves stay: only their keys went.
        as(token).when().get("/api/v1/scenarios/" + old).then().statusCode(200);
        GatewayTesting.as(token).when().get("/api/v1/sweeps/" + oldSweep).then().statusCode(200)
                .body("total", equalTo(50));
    }

    @Test
    void aMalformedKeyIsStillA400() {
        as(TestTokens.analyst()).header("Idempotency-Key", "bad key").body(REQUEST).when().post("/api/v1/scenarios").then()
                .statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
    }
}
