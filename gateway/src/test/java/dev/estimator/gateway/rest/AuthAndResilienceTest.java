package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.REQUEST;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The auth matrix (anonymous, analyst, admin) over every endpoint, the per-client rate limit, and the
 * read proxies failing fast with 503 while submissions keep working. In this module nothing listens
 * where the backends would be (port 1), so an allowed proxied call answers 503 and a refused one 401/403.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class AuthAndResilienceTest {

    record Call(String method, String path, String body) {
    }

    static final String ENTRY = "{\"id\": \"x\"}";
    static final String SWEEP = "{\"base\": " + REQUEST + ", \"vary\": {\"hardware.count\": [1, 2]}}";

    /** Endpoints open to anyone. */
    static final List<Call> READS = List.of(new Call("GET", "/api/v1/models", null), new Call("GET", "/api/v1/models/llama-2-70b", null),
            new Call("GET", "/api/v1/accelerators", null), new Call("GET", "/api/v1/accelerators/nvidia-h100-sxm", null),
            new Call("GET", "/api/v1/organizations", null), new Call("GET", "/api/v1/organizations/meta", null),
            new Call("GET", "/api/v1/industry-chain", null), new Call("GET", "/api/v1/history", null),
            new Call("GET", "/api/v1/prices?accelerator=nvidia-h100-sxm", null), new Call("GET", "/api/v1/backtest", null),
            new Call("GET", "/api/v1/scenarios/unknown", null), new Call("GET", "/api/v1/sweeps/unknown", null),
            new Call("GET", "/api/v1/sweeps/unknown/estimates", null));
    /** Endpoints for analyst and admin. */
    static final List<Call> SUBMISSIONS = List.of(new Call("POST", "/api/v1/scenarios", REQUEST), new Call("POST", "/api/v1/sweeps", SWEEP));
    /** Endpoints for admin only. */
    static final List<Call> ADMIN = List.of(new Call("POST", "/api/v1/models", ENTRY), new Call("PUT", "/api/v1/models/x", ENTRY),
            new Call("DELETE", "/api/v1/models/x", null), new Call("POST", "/api/v1/accelerators", ENTRY),
            new Call("PUT", "/api/v1/accelerators/x", ENTRY), new Call("DELETE", "/api/v1/accelerators/x", null),
            new Call("POST", "/api/v1/organizations", ENTRY), new Call("PUT", "/api/v1/organizations/x", ENTRY),
            new Call("DELETE", "/api/v1/organizations/x", null), new Call("POST", "/api/v1/prices", ENTRY),
            new Call("PUT", "/api/v1/prices/1", ENTRY), new Call("DELETE", "/api/v1/prices/1", null));

    static ValidatableResponse call(Call call, String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (call.body() != null) {
            request.body(call.body());
        }
        return request.when().request(call.method(), call.path()).then();
    }

    static int status(Call call, String token) {
        return call(call, token).extract().statusCode();
    }

    @Test
    void readsAreOpenToEveryone() {
        for (Call read : READS) {
            for (String token : new String[] { null, TestTokens.analyst(), TestTokens.admin() }) {
                int status = status(read, token);
                // Allowed: the answer comes from the (absent) backend or the registry, never 401/403.
                assertTrue(status == 404 || status == 503, read + " as " + (token == null ? "anonymous" : "user") + " -> " + status);
            }
        }
    }

    @Test
    void submissionsNeedAnalystOrAdmin() {
        for (Call submission : SUBMISSIONS) {
            call(submission, null).statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                    .body("status", equalTo(401)).body("title", notNullValue()).body("detail", notNullValue());
            call(submission, TestTokens.analyst()).statusCode(202);
            call(submission, TestTokens.admin()).statusCode(202);
        }
    }

    @Test
    void catalogAndPriceEditsNeedAdmin() {
        for (Call edit : ADMIN) {
            call(edit, null).statusCode(401).contentType("application/problem+json");
            call(edit, TestTokens.analyst()).statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
            // Allowed through the gateway; the backend is down in this module, so: 503 problem.
            call(edit, TestTokens.admin()).statusCode(503).contentType("application/problem+json");
        }
    }

    @Test
    void forgedExpiredAndForeignTokensAreRejected() {
        Call submit = SUBMISSIONS.get(0);
        for (String bad : new String[] { TestTokens.expired(), TestTokens.otherIssuer(), TestTokens.foreignKey(), "not-a-jwt" }) {
            call(submit, bad).statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void submissionsAreRateLimitedPerClientWith429AndRetryAfter() {
        // %test profile: a bucket of 30, refilled at 2/s. Invalid bodies are cheap and still count.
        String subject = "burst-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 45 && retryAfter == null; i++) {
            var response = call(new Call("POST", "/api/v1/scenarios", "{}"), token).extract();
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                retryAfter = response.header("Retry-After");
                assertEquals("application/problem+json", response.contentType());
            }
        }
        assertTrue(statuses.stream().filter(s -> s == 400).count() >= 30, "the burst is allowed first: " + statuses);
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) >= 1, "429 with Retry-After: " + statuses);
        // Another client is not affected.
        call(new Call("POST", "/api/v1/scenarios", "{}"), TestTokens.analyst()).statusCode(400);
    }

    @Test
    void backendDownIsA503ProblemQuicklyWhileSubmissionsStillWork() {
        long start = System.nanoTime();
        given().when().get("/api/v1/accelerators").then().statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503)).header("Retry-After", notNullValue());
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(firstMs < 3_000, "503 within the retry budget, not a long timeout: " + firstMs + " ms");
        // Enough failures open the circuit: then the gateway does not even try.
        for (int i = 0; i < 12; i++) {
            given().when().get("/api/v1/accelerators").then().statusCode(503);
        }
        start = System.nanoTime();
        given().when().get("/api/v1/accelerators").then().statusCode(503).contentType("application/problem+json");
        long openMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(openMs < 500, "open circuit answers at once: " + openMs + " ms");
        // Submissions only need Kafka.
        GatewayTesting.as(TestTokens.analyst()).body(REQUEST).when().post("/api/v1/scenarios").then().statusCode(202);
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        String openapi = given().accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : new String[] { "/api/v1/scenarios", "/api/v1/sweeps", "/api/v1/sweeps/{id}/estimates",
                "/api/v1/estimates/stream", "/api/v1/prices", "/api/v1/backtest", "/api/v1/industry-chain", "/api/v1/history" }) {
            assertTrue(openapi.contains("\"" + path + "\""), "OpenAPI documents " + path);
        }
        assertTrue(openapi.contains("\"examples\""), "OpenAPI has examples");
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
