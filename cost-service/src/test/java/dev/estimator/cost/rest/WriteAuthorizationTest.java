package dev.estimator.cost.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/**
 * Edits of the price book need a valid token with role admin, whoever calls (the gateway forwards its caller's token;
 * anything else in the cluster must bring one); reads and quotes (a calculation that stores nothing) need none.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class WriteAuthorizationTest {

    static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("title", notNullValue()).body("detail", notNullValue());
    }

    static ValidatableResponse unauthorized(ValidatableResponse response) {
        return problem(response, 401).header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://estimator.dev/problems/unauthorized"));
    }

    /** A valid row no other test uses, so that a refusal can only be about the token. */
    static String row(String provider) {
        return PriceResourceTest.price(provider, "nvidia-h100-sxm", "USD", "2.5", "2025-03-01");
    }

    static int seededRow() {
        return given().queryParam("accelerator", "nvidia-h100-sxm").queryParam("provider", "aws").get("/prices").then()
                .statusCode(200).extract().path("items[0].id");
    }

    static int total(String provider) {
        return given().queryParam("provider", provider).get("/prices").then().statusCode(200).extract().path("total");
    }

    @Test
    void writesWithoutATokenAre401AndChangeNothing() {
        String provider = "anon-" + UUID.randomUUID().toString().substring(0, 6);
        unauthorized(given().contentType(ContentType.JSON).body(row(provider)).post("/prices").then())
                .body("detail", containsString("role admin"));
        assertNoRows(provider);
        int id = seededRow();
        String before = given().get("/prices/" + id).then().statusCode(200).extract().asString();
        unauthorized(given().contentType(ContentType.JSON).body(row(provider)).put("/prices/" + id).then());
        unauthorized(given().delete("/prices/" + id).then());
        given().get("/prices/" + id).then().statusCode(200).body(equalTo(before));
    }

    @Test
    void theTokenIsCheckedBeforeTheBody() {
        // Nothing about the body (here: invalid, and malformed) is told to a caller without a token.
        unauthorized(given().contentType(ContentType.JSON).body(PriceResourceTest.price("x", "y", "EUR", "-1", "never"))
                .post("/prices").then());
        unauthorized(given().contentType(ContentType.JSON).body("{\"provider\": ").put("/prices/" + seededRow()).then());
    }

    @Test
    void tokensThatFailVerificationAre401() {
        for (String token : List.of(TestTokens.expiredAdmin(), TestTokens.adminOfOtherIssuer(), TestTokens.adminOfForeignKey(),
                "not-a-jwt")) {
            String provider = "bad-" + UUID.randomUUID().toString().substring(0, 6);
            unauthorized(given().auth().oauth2(token).contentType(ContentType.JSON).body(row(provider)).post("/prices").then())
                    .body("detail", containsString("rejected"));
            assertNoRows(provider);
        }
    }

    @Test
    void anAnalystTokenIs403() {
        String provider = "analyst-" + UUID.randomUUID().toString().substring(0, 6);
        problem(given().auth().oauth2(TestTokens.analyst()).contentType(ContentType.JSON).body(row(provider)).post("/prices")
                .then(), 403).body("type", equalTo("https://estimator.dev/problems/forbidden"));
        assertNoRows(provider);
        int id = seededRow();
        problem(given().auth().oauth2(TestTokens.analyst()).contentType(ContentType.JSON).body(row(provider)).put("/prices/" + id)
                .then(), 403);
        problem(given().auth().oauth2(TestTokens.analyst()).delete("/prices/" + id).then(), 403);
        given().get("/prices/" + id).then().statusCode(200);
    }

    @Test
    void anAdminTokenCreatesReplacesAndDeletes() {
        String provider = "admin-" + UUID.randomUUID().toString().substring(0, 6);
        int id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(row(provider)).post("/prices")
                .then().statusCode(201).body("provider", equalTo(provider)).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(PriceResourceTest.price(provider, "nvidia-h100-sxm", "USD", "3.5", "2025-03-01")).put("/prices/" + id)
                .then().statusCode(200).body("pricePerHour", equalTo(3.5));
        given().auth().oauth2(TestTokens.admin()).delete("/prices/" + id).then().statusCode(204);
        assertNoRows(provider);
    }

    @Test
    void readsAndQuotesNeedNoTokenAndIgnoreABadOne() {
        for (String path : List.of("/prices", "/prices/" + seededRow(), "/estimates")) {
            given().get(path).then().statusCode(200).contentType(ContentType.JSON);
            // A read never looks at the token (lazy authentication): an expired one is no reason to refuse it.
            given().auth().oauth2(TestTokens.expiredAdmin()).get(path).then().statusCode(200);
        }
        // A quote is open: what it answers is about the body (here: no compute block), never about a token.
        problem(given().contentType(ContentType.JSON).body("{\"scenarioId\": \"open\"}").post("/quote").then(), 400)
                .body("errors.field", hasItem("compute"));
        problem(given().auth().oauth2(TestTokens.expiredAdmin()).contentType(ContentType.JSON).body("{\"scenarioId\": \"open\"}")
                .post("/quote").then(), 400);
    }

    private static void assertNoRows(String provider) {
        assertEquals(0, total(provider), "rows of provider " + provider);
    }
}
