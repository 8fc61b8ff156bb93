package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Malformed and out-of-range requests are 4xx problem+json naming what is wrong, answered by the gateway itself: paths
 * and query strings with invalid escapes, non-UTF-8 or NUL, ids that cannot exist, page and size that are not numbers or
 * overflow, requests the router refuses. The backends are down in this module (port 1): an answer other than 503 for a
 * proxied read shows the gateway did not call the backend, and the 503 of a real outage names no address.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class MalformedRequestTest {

    @TestHTTPResource("/")
    URL url;

    RawRequest.Answer get(String target) {
        return RawRequest.get(url.getPort(), target);
    }

    static void assertProblem(RawRequest.Answer answer, int status, String field) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.isProblem(), "problem+json: " + answer);
        assertEquals(status, answer.json().path("status").asInt(), answer.toString());
        if (field != null) {
            assertTrue(("," + answer.fields() + ",").contains("," + field + ","), "names " + field + ": " + answer);
        }
    }

    @Test
    void malformedPathsAre400sNamingThePath() {
        String sweep = UUID.randomUUID().toString();
        for (String target : new String[] { "/api/v1/models/%00", "/api/v1/models/a%00b", "/api/v1/scenarios/%zz",
                "/api/v1/scenarios/%", "/api/v1/scenarios/abc%%", "/api/v1/scenarios/%4", "/api/v1/scenarios/%FF",
                "/api/v1/scenarios/%C3%28", "/api/v1/scenarios/%C0%AF", "/api/v1/scenarios/%ED%A0%80", "/api/v1/history%zz",
                "/api/v1/sweeps/" + sweep + "/estimates%00", "/api/v1/models/%0D%0ASet-Cookie:x=1", "/api/v1/scenarios/a\\b",
                "/api/v1/scenarios/\"<>" }) {
            assertProblem(get(target), 400, "path");
        }
        // Raw bytes that are not ASCII (UTF-8 must be percent-encoded), and a raw NUL.
        assertProblem(RawRequest.send(url.getPort(), new byte[] { '/', 'a', 'p', 'i', '/', (byte) 0xc3, (byte) 0xa9 },
                "Host: localhost\r\n"), 400, "path");
    }

    @Test
    void malformedQueryValuesAre400sNamingTheParameter() {
        String sweep = "/api/v1/sweeps/" + UUID.randomUUID() + "/estimates";
        assertProblem(get(sweep + "?page=%zz"), 400, "page");
        assertProblem(get(sweep + "?format=%FF"), 400, "format");
        assertProblem(get(sweep + "?size=1%00"), 400, "size");
        assertProblem(get("/api/v1/models?q=%00"), 400, "q");
        assertProblem(get("/api/v1/models?modality=%C3%28"), 400, "modality");
        assertProblem(get("/api/v1/prices?region=a%0Ab"), 400, "region");
        assertProblem(get("/api/v1/models?q=" + "x".repeat(201)), 400, "q");
        assertProblem(get("/api/v1/history?%00=1"), 400, "query");
    }

    @Test
    void pageAndSizeAre400sNamingThemNever404Or500() {
        String sweep = "/api/v1/sweeps/" + UUID.randomUUID() + "/estimates";
        for (String query : new String[] { "page=abc", "page=-1", "page=1.5", "page=2147483648", "page=" + "9".repeat(2000),
                "page=2147483647&size=1000", "page=2147483647&size=1", "page=1073741824&size=2", "page=%20", "page=x&page=1" }) {
            assertProblem(get(sweep + "?" + query), 400, "page");
        }
        for (String query : new String[] { "size=abc", "size=0", "size=1001", "size=-2147483648&page=0", "size=2147483647" }) {
            assertProblem(get(sweep + "?" + query), 400, "size");
        }
        // Proxied lists: refused before catalog-service or cost-service is called (they are down: that would be a 503).
        assertProblem(get("/api/v1/models?page=abc"), 400, "page");
        assertProblem(get("/api/v1/accelerators?page=1000000"), 400, "page");
        assertProblem(get("/api/v1/organizations?size=201"), 400, "size");
        assertProblem(get("/api/v1/prices?page=2147483647&size=200"), 400, "page");
        assertProblem(get("/api/v1/prices?size=x"), 400, "size");
        // In range: an unknown sweep, and the backends' own answer (here: down).
        assertProblem(get(sweep + "?page=21474835&size=100"), 404, null);
        assertProblem(get("/api/v1/models?page=999999&size=200"), 503, null);
    }

    @Test
    void idsThatCannotExistAre404sWithoutAskingAnyone() {
        for (String target : new String[] { "/api/v1/models/Not_A_Slug", "/api/v1/accelerators/.hidden", "/api/v1/organizations/-x",
                "/api/v1/models/" + "m".repeat(101), "/api/v1/scenarios/unknown", "/api/v1/scenarios/" + "i".repeat(3000),
                "/api/v1/sweeps/x;a=b", "/api/v1/sweeps/1e5/estimates", "/api/v1/models/%7E" }) {
            assertProblem(get(target), 404, "id");
        }
        // A well-formed id is looked up: the registry's 404, the catalog's answer (down here: 503).
        assertProblem(get("/api/v1/scenarios/" + UUID.randomUUID()), 404, null);
        assertProblem(get("/api/v1/models/llama-2-70b"), 503, null);
    }

    @Test
    void requestsTheRouterRefusesAreProblemsToo() {
        RawRequest.Answer noHost = RawRequest.send(url.getPort(), "/api/v1/history".getBytes(StandardCharsets.US_ASCII), "");
        assertTrue(noHost.status() == 400 && noHost.isProblem(), noHost.toString());
        RawRequest.Answer star = get("*");
        assertTrue(star.status() >= 400 && star.status() < 500 && star.isProblem(), star.toString());
        assertProblem(get("/api/v1/nothing-here"), 404, null);
    }

    @Test
    void anOutageIsA503WithRetryAfterAndNoAddress() {
        RawRequest.Answer down = get("/api/v1/accelerators/nvidia-h100-sxm");
        assertProblem(down, 503, null);
        assertNotNull(down.header("Retry-After"), down.toString());
        String detail = down.json().path("detail").asText();
        assertFalse(detail.isEmpty(), down.toString());
        for (String internal : new String[] { "127.0.0.1", "localhost", ":1", "Connection refused", "Exception" }) {
            assertFalse(down.body().contains(internal), "no internal address or exception text: " + down.body());
        }
    }

    @Test
    void deadLetterReplayMaxIsA400NamingIt() {
        String admin = TestTokens.admin();
        for (String max : new String[] { "abc", "0", "10001", "99999999999" }) {
            RawRequest.Answer answer = RawRequest.send(url.getPort(),
                    ("/api/v1/admin/dead-letters/estimates/replay?max=" + max).getBytes(StandardCharsets.US_ASCII),
                    "Host: localhost\r\nAuthorization: Bearer " + admin + "\r\n");
            // GET is not the replay's method: the refusal is about the method, still a problem.
            assertTrue(answer.status() >= 400 && answer.status() < 500 && answer.isProblem(), answer.toString());
        }
        for (String max : new String[] { "abc", "0", "10001", "99999999999" }) {
            io.restassured.RestAssured.given().header("Authorization", "Bearer " + admin).when()
                    .post("/api/v1/admin/dead-letters/estimates/replay?max=" + max).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("max"));
        }
    }
}
