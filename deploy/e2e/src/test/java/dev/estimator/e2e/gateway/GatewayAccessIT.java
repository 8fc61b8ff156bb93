package dev.estimator.e2e.gateway;

import static dev.estimator.e2e.gateway.GatewayClient.json;
import static dev.estimator.e2e.gateway.GatewayClient.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.LocalStackExtension;
import dev.estimator.stack.LocalStack;

/** Through the real stack: the auth matrix over every endpoint, the rate limit, and validation problems. */
@ExtendWith(LocalStackExtension.class)
class GatewayAccessIT {

    record Call(String method, String path, String body) {
    }

    static final String SCENARIO = GatewayScenariosIT.GPT3;
    static final String BAD_ENTRY = "{\"id\": \"Not A Slug!\"}";

    static final List<Call> READS = List.of(new Call("GET", "/api/v1/models", null), new Call("GET", "/api/v1/accelerators", null),
            new Call("GET", "/api/v1/accelerators/nvidia-h100-sxm", null), new Call("GET", "/api/v1/organizations", null),
            new Call("GET", "/api/v1/industry-chain", null), new Call("GET", "/api/v1/history", null),
            new Call("GET", "/api/v1/prices", null), new Call("GET", "/api/v1/backtest", null),
            new Call("GET", "/api/v1/scenarios/unknown", null), new Call("GET", "/api/v1/sweeps/unknown", null));
    static final List<Call> SUBMISSIONS = List.of(new Call("POST", "/api/v1/scenarios", SCENARIO),
            new Call("POST", "/api/v1/sweeps", "{\"base\": " + SCENARIO + ", \"vary\": {\"hardware.count\": [1024, 2048]}}"));
    static final List<Call> ADMIN = List.of(new Call("POST", "/api/v1/models", BAD_ENTRY), new Call("PUT", "/api/v1/models/e2e-none", BAD_ENTRY),
            new Call("DELETE", "/api/v1/models/e2e-none", null), new Call("POST", "/api/v1/accelerators", BAD_ENTRY),
            new Call("PUT", "/api/v1/accelerators/e2e-none", BAD_ENTRY), new Call("DELETE", "/api/v1/accelerators/e2e-none", null),
            new Call("POST", "/api/v1/organizations", BAD_ENTRY), new Call("PUT", "/api/v1/organizations/e2e-none", BAD_ENTRY),
            new Call("DELETE", "/api/v1/organizations/e2e-none", null), new Call("POST", "/api/v1/prices", BAD_ENTRY),
            new Call("PUT", "/api/v1/prices/e2e-none", BAD_ENTRY), new Call("DELETE", "/api/v1/prices/e2e-none", null));

    static boolean isProblem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    @Test
    void authMatrixAnonymousAnalystAdminOverEveryEndpoint(LocalStack stack) {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        String analyst = token("analyst");
        String admin = token("admin");
        List<String> failures = new ArrayList<>();
        for (Call read : READS) {
            for (String who : new String[] { null, analyst, admin }) {
                int status = gateway.send(read.method(), read.path(), who, read.body(), Map.of()).statusCode();
                if (status == 401 || status == 403 || status >= 500) {
                    failures.add(read + " as " + (who == null ? "anonymous" : who == analyst ? "analyst" : "admin") + " -> " + status);
                }
            }
        }
        for (Call submission : SUBMISSIONS) {
            expect(failures, gateway.send(submission.method(), submission.path(), null, submission.body(), Map.of()), 401, submission + " anonymous");
            expect(failures, gateway.send(submission.method(), submission.path(), analyst, submission.body(), Map.of()), 202, submission + " analyst");
            expect(failures, gateway.send(submission.method(), submission.path(), admin, submission.body(), Map.of()), 202, submission + " admin");
        }
        for (Call edit : ADMIN) {
            expect(failures, gateway.send(edit.method(), edit.path(), null, edit.body(), Map.of()), 401, edit + " anonymous");
            expect(failures, gateway.send(edit.method(), edit.path(), analyst, edit.body(), Map.of()), 403, edit + " analyst");
            HttpResponse<String> asAdmin = gateway.send(edit.method(), edit.path(), admin, edit.body(), Map.of());
            // Let through to the backend, which refuses the bad entry or unknown id itself (4xx passed through).
            if (asAdmin.statusCode() == 401 || asAdmin.statusCode() == 403 || asAdmin.statusCode() >= 500) {
                failures.add(edit + " admin -> " + asAdmin.statusCode() + " " + asAdmin.body());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void expect(List<String> failures, HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            failures.add(what + " -> " + response.statusCode() + " (expected " + status + ") " + response.body());
        } else if (status >= 400 && !isProblem(response)) {
            failures.add(what + " -> " + status + " without problem+json");
        }
    }

    @Test
    void submissionsAreRateLimitedWith429AndRetryAfter(LocalStack stack) {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        String token = token("analyst", "burst-" + UUID.randomUUID());
        HttpResponse<String> limited = null;
        int allowed = 0;
        for (int i = 0; i < 200 && limited == null; i++) {
            HttpResponse<String> response = gateway.post("/api/v1/scenarios", token, "{}", Map.of());
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                allowed++;
            }
        }
        assertTrue(limited != null, "no 429 after " + allowed + " rapid submissions");
        assertTrue(allowed >= 50, "the default burst (50) is allowed first: " + allowed);
        assertTrue(isProblem(limited));
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(400, gateway.post("/api/v1/scenarios", token("analyst"), "{}", Map.of()).statusCode(), "other clients unaffected");
    }

    @Test
    void everyValidationErrorIsA4xxProblemNamingTheField(LocalStack stack) {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        String analyst = token("analyst");
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"model\": {\"parameters\": 1e9}}", "hardware"),
                Map.entry("{\"model\": {\"parameters\": 1e9}, \"hardware\": {\"count\": 8}}", "hardware.accelerator"),
                Map.entry("{\"hardware\": {\"accelerator\": \"nvidia-h100-sxm\"}}", "model"),
                Map.entry(SCENARIO.replace("3.0e11", "-1"), "training.tokens"),
                Map.entry(SCENARIO.replace("\"count\": 10000", "\"count\": 0"), "hardware.count"),
                Map.entry(SCENARIO.replace("\"fp16\"", "\"fp12\""), "training.precision"),
                Map.entry(SCENARIO.replace("\"on-demand\"", "\"free\""), "pricing.model"),
                Map.entry(SCENARIO.replace("3.0e11", "\"3e11\""), "training.tokens"),
                Map.entry(SCENARIO.replace("\"count\": 10000", "\"cuont\": 10000"), "hardware.cuont"),
                Map.entry("{\"model\": ", "body"));
        List<String> failures = new ArrayList<>();
        cases.forEach((body, field) -> {
            HttpResponse<String> response = gateway.post("/api/v1/scenarios", analyst, body, Map.of());
            boolean names = response.statusCode() == 400 && isProblem(response)
                    && json(response).path("errors").findValuesAsText("field").contains(field);
            if (!names) {
                failures.add(field + ": HTTP " + response.statusCode() + " " + response.body());
            }
        });
        HttpResponse<String> sweep = gateway.post("/api/v1/sweeps", analyst, "{\"base\": " + SCENARIO
                + ", \"vary\": {\"hardware.count\": [" + "1,".repeat(200) + "1], \"training.tokens\": [" + "1e9,".repeat(99) + "1e9]}}", Map.of());
        JsonNode problem = json(sweep);
        if (sweep.statusCode() != 400 || !problem.path("errors").findValuesAsText("field").contains("vary")) {
            failures.add("sweep over the limit: HTTP " + sweep.statusCode() + " " + sweep.body());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
