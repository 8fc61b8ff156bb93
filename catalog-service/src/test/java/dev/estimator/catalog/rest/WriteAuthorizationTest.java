package dev.estimator.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Edits of models, accelerators and organizations need a valid token with role admin, whoever calls (the gateway
 * forwards its caller's token; anything else in the cluster must bring one); reads need none.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class WriteAuthorizationTest {

    /** A valid entry of each collection, so that a refusal can only be about the token. */
    static Map<String, Map<String, Object>> entries(String id) {
        return Map.of(
                "models", CatalogResourceTest.model(id),
                "accelerators", new HashMap<>(Map.of("id", id, "vendor", "Test", "name", "T1", "year", 2024, "bf16Tflops", 100.0,
                        "memoryGb", 64.0, "source", "test")),
                "organizations", new HashMap<>(Map.of("id", id, "name", "Test Org", "country", "CN", "kind", "startup",
                        "source", "test")));
    }

    static ValidatableResponse unauthorized(ValidatableResponse response) {
        return CatalogResourceTest.problem(response, 401).header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://estimator.dev/problems/unauthorized"));
    }

    @Test
    void writesWithoutATokenAre401AndChangeNothing() {
        String id = "test-anon-" + UUID.randomUUID().toString().substring(0, 6);
        entries(id).forEach((collection, entry) -> {
            unauthorized(given().contentType(ContentType.JSON).body(entry).post("/" + collection).then())
                    .body("detail", containsString("role admin"));
            CatalogResourceTest.problem(given().get("/" + collection + "/" + id).then(), 404);
        });
        // Seeded rows: neither replaced nor deleted.
        for (String path : List.of("/models/llama-2-7b", "/accelerators/nvidia-h100-sxm", "/organizations/meta")) {
            String before = given().get(path).then().statusCode(200).extract().asString();
            String collection = path.substring(1, path.indexOf('/', 1));
            Map<String, Object> replacement = entries(path.substring(path.lastIndexOf('/') + 1)).get(collection);
            unauthorized(given().contentType(ContentType.JSON).body(replacement).put(path).then());
            unauthorized(given().delete(path).then());
            given().get(path).then().statusCode(200).body(equalTo(before));
        }
    }

    @Test
    void theTokenIsCheckedBeforeTheBody() {
        // Nothing about the body (here: invalid, and malformed) is told to a caller without a token.
        unauthorized(given().contentType(ContentType.JSON).body(Map.of("id", "Bad Id!")).post("/models").then());
        unauthorized(given().contentType(ContentType.JSON).body("{\"id\": ").post("/accelerators").then());
    }

    @Test
    void tokensThatFailVerificationAre401() {
        for (String token : List.of(TestTokens.expiredAdmin(), TestTokens.adminOfOtherIssuer(), TestTokens.adminOfForeignKey(),
                "not-a-jwt")) {
            String id = "test-bad-" + UUID.randomUUID().toString().substring(0, 6);
            unauthorized(given().auth().oauth2(token).contentType(ContentType.JSON).body(CatalogResourceTest.model(id))
                    .post("/models").then()).body("detail", containsString("rejected"));
            CatalogResourceTest.problem(given().get("/models/" + id).then(), 404);
        }
    }

    @Test
    void anAnalystTokenIs403() {
        String id = "test-analyst-" + UUID.randomUUID().toString().substring(0, 6);
        entries(id).forEach((collection, entry) -> {
            RequestSpecification analyst = given().auth().oauth2(TestTokens.analyst()).contentType(ContentType.JSON);
            CatalogResourceTest.problem(analyst.body(entry).post("/" + collection).then(), 403)
                    .body("type", equalTo("https://estimator.dev/problems/forbidden"));
            CatalogResourceTest.problem(given().auth().oauth2(TestTokens.analyst()).contentType(ContentType.JSON).body(entry)
                    .put("/" + collection + "/" + id).then(), 403);
            CatalogResourceTest.problem(given().auth().oauth2(TestTokens.analyst()).delete("/" + collection + "/" + id).then(), 403);
            CatalogResourceTest.problem(given().get("/" + collection + "/" + id).then(), 404);
        });
    }

    @Test
    void anAdminTokenCreatesReplacesAndDeletesInEveryCollection() {
        String id = "test-admin-" + UUID.randomUUID().toString().substring(0, 6);
        entries(id).forEach((collection, entry) -> {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(entry).post("/" + collection).then()
                    .statusCode(201).body("id", equalTo(id));
            entry.put("name", "Renamed");
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(entry).put("/" + collection + "/" + id)
                    .then().statusCode(200).body("name", equalTo("Renamed"));
            given().auth().oauth2(TestTokens.admin()).delete("/" + collection + "/" + id).then().statusCode(204);
            CatalogResourceTest.problem(given().get("/" + collection + "/" + id).then(), 404);
        });
    }

    @Test
    void readsNeedNoTokenAndIgnoreABadOne() {
        for (String path : List.of("/models", "/models/llama-2-7b", "/accelerators", "/accelerators/nvidia-h100-sxm",
                "/organizations", "/organizations/meta", "/industry-chain", "/history")) {
            given().get(path).then().statusCode(200).contentType(ContentType.JSON);
            // A read never looks at the token (lazy authentication): an expired one is no reason to refuse it.
            given().auth().oauth2(TestTokens.expiredAdmin()).get(path).then().statusCode(200);
        }
    }
}
