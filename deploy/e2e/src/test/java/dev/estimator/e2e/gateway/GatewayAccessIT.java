package dev.estimator.e2e.gateway;

import static dev.estimator.e2e.gateway.GatewayClient.json;
import static dev.estimator.e2e.gateway.GatewayClient.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.LocalStackExtension;
import dev.estimator.stack.LocalStack;

/**
 * Through the real stack: the auth matrix over every endpoint, the backends' own check of edits, the stack's loopback
 * binding, the rate limit, and validation problems.
 */
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

    /**
     * catalog-service and cost-service check the token on their edits too: an admin's edit through the gateway reaches
     * them with the admin's token and succeeds; the same edit sent to their own ports without a token (or with an
     * analyst's) is refused and changes nothing. Reads stay open there.
     */
    @Test
    void adminEditsPassThroughTheGatewayAndTheBackendsRefuseEditsWithoutAToken(LocalStack stack) throws Exception {
        GatewayClient gateway = new GatewayClient(stack.url(LocalStack.GATEWAY));
        GatewayClient catalog = new GatewayClient(stack.url(LocalStack.CATALOG));
        GatewayClient cost = new GatewayClient(stack.url(LocalStack.COST));
        String admin = token("admin");
        String analyst = token("analyst");
        List<String> failures = new ArrayList<>();

        // Through the gateway: the full edit cycle of a model and of a price.
        String id = "e2e-auth-" + UUID.randomUUID().toString().substring(0, 8);
        expect(failures, gateway.send("POST", "/api/v1/models", admin, model(id, 7e9), Map.of()), 201, "gateway POST model");
        expect(failures, gateway.send("PUT", "/api/v1/models/" + id, admin, model(id, 8e9), Map.of()), 200, "gateway PUT model");
        expect(failures, catalog.send("GET", "/models/" + id, null, null, Map.of()), 200, "catalog GET edited model");
        expect(failures, gateway.send("DELETE", "/api/v1/models/" + id, admin, null, Map.of()), 204, "gateway DELETE model");
        String provider = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = gateway.send("POST", "/api/v1/prices", admin, price(provider, "2.5"), Map.of());
        expect(failures, created, 201, "gateway POST price");
        if (created.statusCode() == 201) {
            String price = "/prices/" + json(created).path("id").asText();
            expect(failures, gateway.send("PUT", "/api/v1" + price, admin, price(provider, "3.5"), Map.of()), 200, "gateway PUT price");
            expect(failures, gateway.send("DELETE", "/api/v1" + price, admin, null, Map.of()), 204, "gateway DELETE price");
        }

        // Straight to the backends' own ports: no token is 401, an analyst's is 403, and nothing changes.
        String other = "e2e-direct-" + UUID.randomUUID().toString().substring(0, 8);
        String seededPrice = "/prices/" + json(cost.send("GET", "/prices?size=1", null, null, Map.of())).path("items").path(0).path("id").asText();
        List<String> kept = List.of("/models/llama-2-7b", "/accelerators/nvidia-h100-sxm", seededPrice);
        Map<String, String> before = new HashMap<>();
        kept.forEach(path -> before.put(path, (path.startsWith("/prices") ? cost : catalog).send("GET", path, null, null, Map.of()).body()));
        for (String who : new String[] { null, analyst }) {
            int status = who == null ? 401 : 403;
            String as = who == null ? "anonymous" : "analyst";
            expect(failures, catalog.send("POST", "/models", who, model(other, 7e9), Map.of()), status, "catalog POST " + as);
            expect(failures, catalog.send("PUT", "/models/llama-2-7b", who, model("llama-2-7b", 1e9), Map.of()), status,
                    "catalog PUT " + as);
            expect(failures, catalog.send("DELETE", "/accelerators/nvidia-h100-sxm", who, null, Map.of()), status, "catalog DELETE " + as);
            expect(failures, cost.send("POST", "/prices", who, price(other, "0.01"), Map.of()), status, "cost POST " + as);
            expect(failures, cost.send("PUT", seededPrice, who, price(other, "0.01"), Map.of()), status, "cost PUT " + as);
            expect(failures, cost.send("DELETE", seededPrice, who, null, Map.of()), status, "cost DELETE " + as);
        }
        expect(failures, catalog.send("GET", "/models/" + other, null, null, Map.of()), 404, "catalog GET refused model");
        if (json(cost.send("GET", "/prices?provider=" + other, null, null, Map.of())).path("total").asInt() != 0) {
            failures.add("cost POST without an admin token added a price");
        }
        for (String path : kept) {
            HttpResponse<String> after = (path.startsWith("/prices") ? cost : catalog).send("GET", path, null, null, Map.of());
            if (after.statusCode() != 200 || !json(after).equals(GatewayClient.JSON.readTree(before.get(path)))) {
                failures.add(path + " changed by a refused edit: " + after.statusCode() + " " + after.body());
            }
        }
        // The backends accept the very tokens the gateway does.
        expect(failures, catalog.send("POST", "/models", admin, model(other, 7e9), Map.of()), 201, "catalog POST admin");
        expect(failures, catalog.send("DELETE", "/models/" + other, admin, null, Map.of()), 204, "catalog DELETE admin");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The stack's services listen on the loopback interface only: another address of this machine reaches none of them. */
    @Test
    void theLocalStacksServicesAreNotReachableOnOtherInterfaces(LocalStack stack) throws Exception {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                Collections.list(network.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address).forEach(others::add);
            }
        }
        List<String> reachable = new ArrayList<>();
        for (LocalStack.ServiceSpec spec : LocalStack.SERVICES) {
            int port = URI.create(stack.url(spec)).getPort();
            assertTrue(connects(InetAddress.getLoopbackAddress(), port), spec.name() + " is not listening on loopback");
            others.stream().filter(address -> connects(address, port))
                    .forEach(address -> reachable.add(spec.name() + " on " + address.getHostAddress() + ":" + port));
        }
        assertTrue(reachable.isEmpty(), "listening beyond loopback: " + reachable + " (this machine's other addresses: " + others + ")");
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static String model(String id, double parameters) {
        return """
                {"id": "%s", "name": "E2E model", "modalitiesIn": ["text"], "modalitiesOut": ["text"], "architecture": "dense",
                 "parameters": %s, "layers": 32, "source": "e2e"}""".formatted(id, parameters);
    }

    static String price(String provider, String perHour) {
        return """
                {"provider": "%s", "accelerator": "nvidia-h100-sxm", "pricingModel": "spot", "region": "e2e",
                 "currency": "USD", "pricePerHour": %s, "validFrom": "2025-03-01", "source": "e2e"}""".formatted(provider, perHour);
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
