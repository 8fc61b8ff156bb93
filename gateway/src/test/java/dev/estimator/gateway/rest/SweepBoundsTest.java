package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;


import dev.estimator.gateway.service.ExpansionBudget;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * A sweep's bounds, checked before it is expanded: each member costs a scenario token of its client's rate limit (the
 * %test bucket: 1000 at once, then 10 per second), and the members times their size in bytes may not exceed
 * gateway.sweeps.max-expanded-bytes (16 MiB). The expansion itself runs on a worker thread: SweepService refuses to
 * expand on the event loop, so every sweep accepted here was expanded off it (SweepExpansionMemoryTest measures it).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class SweepBoundsTest {

    static final String BASE = """
            {"name": "bounds", "model": {"parameters": 7.0e10}, "training": {"tokens": 2.0e12},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}}""";

    @Inject
    Pool pool;

    @Inject
    ExpansionBudget budget;

    static String counts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    static String sweep(String base, int members) {
        return "{\"base\": " + base + ", \"vary\": {\"hardware.count\": [" + counts(members) + "]}}";
    }

    long sweepsStoredBy(String subject) {
        return pool.preparedQuery("SELECT count(*) FROM sweep WHERE created_by = $1").execute(Tuple.of("sub:" + subject))
                .await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aSweepCostsOneScenarioTokenPerMember() {
        String subject = "members-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        as(token).body(sweep(BASE, 600)).when().post("/api/v1/sweeps").then().statusCode(202).body("scenarioCount", equalTo(600));
        // 400 tokens left (plus 10 a second): 600 more cannot be covered for about 20 s.
        ExtractableResponse<Response> refused = as(token).body(sweep(BASE, 600)).when().post("/api/v1/sweeps").then()
                .statusCode(429).contentType("application/problem+json").body("detail", containsString("600 scenario(s)"))
                .extract();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 10 && retryAfter <= 21, "Retry-After: the seconds until 600 tokens are back: " + retryAfter);
        assertEquals(1, sweepsStoredBy(subject), "the refused sweep stored nothing");
        // What is left still covers a smaller sweep and a scenario: the limit counts members, not requests.
        as(token).body(sweep(BASE, 300)).when().post("/api/v1/sweeps").then().statusCode(202);
        as(token).body(GatewayTesting.REQUEST).when().post("/api/v1/scenarios").then().statusCode(202);
        // More members than the bucket ever holds: no wait would help, so not a 429.
        as(TestTokens.analyst()).body(sweep(BASE, 1001)).when().post("/api/v1/sweeps").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("vary"))
                .body("errors[0].message", containsString("at most 1000 at once"));
    }

    @Test
    void anIdempotentRetryOfAStoredSweepCostsNothing() {
        String token = TestTokens.forSubject("analyst", "retry-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        String id = as(token).header("Idempotency-Key", key).body(sweep(BASE, 900)).when().post("/api/v1/sweeps").then()
                .statusCode(202).extract().path("id");
        // 100 tokens left: a new 900 would be a 429, the retry is answered from the key.
        as(token).header("Idempotency-Key", key).body(sweep(BASE, 900)).when().post("/api/v1/sweeps").then().statusCode(202)
                .body("id", equalTo(id));
        as(token).body(sweep(BASE, 900)).when().post("/api/v1/sweeps").then().statusCode(429);
    }

    /** While other sweeps fill the replica's expansion budget, a sweep is a 503 to retry, stored nothing and cost nothing. */
    @Test
    void aSweepThatFindsTheReplicaBusyIsA503ToRetryAndCostsNothing() {
        String subject = "busy-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        long others = 32L * 1024 * 1024;
        assertTrue(budget.tryTake(others), "the budget is free when the test starts");
        try {
            as(token).body(sweep(BASE, 500)).when().post("/api/v1/sweeps").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("2"))
                    .body("type", equalTo("https://estimator.dev/problems/sweeps-busy"));
        } finally {
            budget.release(others);
        }
        assertEquals(0, sweepsStoredBy(subject));
        // The 500 tokens were given back: the whole bucket is there for the retry.
        as(token).body(sweep(BASE, 1000)).when().post("/api/v1/sweeps").then().statusCode(202);
        assertEquals(0, budget.inFlight(), "released after the sweep was stored");
    }

    @Test
    void aSweepLargerThanTheByteBoundIsA422BeforeAnyWork() {
        String subject = "bytes-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        // One member ~17 KB (a component's name is free text): 1000 members are 17 MB > 16 MiB.
        String base = BASE.replace("\"model\": {\"parameters\": 7.0e10}", "\"model\": {\"parameters\": 7.0e10, \"components\": "
                + "[{\"name\": \"" + "v".repeat(17_000) + "\", \"parameters\": 1.0e9}]}");
        long start = System.nanoTime();
        as(token).body(sweep(base, 1000)).when().post("/api/v1/sweeps").then().statusCode(422)
                .contentType("application/problem+json").body("type", equalTo("https://estimator.dev/problems/sweep-too-large"))
                .body("errors.field", hasItem("vary")).body("detail", containsString("1000 members"))
                .body("detail", containsString("16777216"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, sweepsStoredBy(subject));
        // Nothing was charged either: the whole bucket is still there.
        as(token).body(sweep(BASE, 1000)).when().post("/api/v1/sweeps").then().statusCode(202);
        System.out.printf(Locale.ROOT, "SWEEP BOUND: a 17 MB sweep refused in %d ms%n", millis);
    }

}
