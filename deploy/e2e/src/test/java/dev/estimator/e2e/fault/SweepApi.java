package dev.estimator.e2e.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.testing.Csv;

/**
 * The public API calls the fault suite makes: submit a sweep, read its progress and its members (the CSV
 * export: id and status of each), and look single scenarios up. Reads return empty while the gateway is down.
 */
final class SweepApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A 70B model on H100s with an explicit price, so every member completes (none depends on a price-book row). */
    private static final String BASE = """
            {"name": "%s", "model": {"parameters": 7.0e10, "architecture": "dense"},
             "training": {"tokens": 2.0e12, "precision": "bf16"},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024},
             "pricing": {"provider": "aws", "model": "on-demand", "currency": "USD", "pricePerAcceleratorHour": 2.0}}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    SweepApi(String base) {
        this.base = base;
    }

    /** A sweep of exactly {@code size} members: hardware.count x pricePerAcceleratorHour, as close to square as divides. */
    static String sweepBody(String name, int size) {
        int counts = (int) Math.floor(Math.sqrt(size));
        while (size % counts != 0) {
            counts--;
        }
        int prices = size / counts;
        String countValues = IntStream.range(0, counts).mapToObj(i -> Integer.toString(256 + 8 * i)).collect(Collectors.joining(","));
        String priceValues = IntStream.range(0, prices).mapToObj(i -> String.format(java.util.Locale.ROOT, "%.2f", 1.0 + 0.01 * i))
                .collect(Collectors.joining(","));
        return "{\"base\": " + BASE.formatted(name) + ", \"vary\": {\"hardware.count\": [" + countValues
                + "], \"pricing.pricePerAcceleratorHour\": [" + priceValues + "]}}";
    }

    /** POST /api/v1/sweeps without waiting; the future fails if the connection breaks (e.g. the gateway is killed). */
    CompletableFuture<HttpResponse<String>> submit(String body, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One scenario through the whole pipeline, answered when finished (Prefer: wait); the body, or empty on any failure. */
    Optional<JsonNode> submitAndWait(String scenario, String token) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/scenarios"))
                    .timeout(Duration.ofSeconds(45)).header("Content-Type", "application/json").header("Prefer", "wait=30")
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(scenario)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String scenarioBody(String name) {
        return BASE.formatted(name);
    }

    /** GET /api/v1/sweeps/{id}: total, completed, rejected, pending, done. Empty while the gateway does not answer. */
    Optional<JsonNode> progress(String sweepId) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sweeps/" + sweepId))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Every member of the sweep, id -> status, from the CSV export (pages of 1,000). */
    Map<String, String> members(String sweepId, int total) {
        Map<String, String> members = new LinkedHashMap<>();
        for (int page = 0; page * 1000 < total; page++) {
            HttpResponse<String> response = get("/api/v1/sweeps/" + sweepId + "/estimates?format=csv&size=1000&page=" + page);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Cannot list sweep " + sweepId + ": HTTP " + response.statusCode() + " " + response.body());
            }
            List<List<String>> rows = Csv.parse(response.body());
            int id = rows.get(0).indexOf("scenarioId");
            int status = rows.get(0).indexOf("status");
            rows.subList(1, rows.size()).forEach(row -> members.put(row.get(id), row.get(status)));
        }
        return members;
    }

    /** GET /api/v1/scenarios/{id}: {id, status, request, estimate?}. */
    JsonNode scenario(String scenarioId) {
        HttpResponse<String> response = get("/api/v1/scenarios/" + scenarioId);
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET /api/v1/scenarios/" + scenarioId + ": not JSON: " + response.body(), e);
        }
    }

    /** HTTP status of GET /api/v1/scenarios/{id}: 404 means the registry never accepted that scenario. */
    int scenarioStatus(String scenarioId) {
        return get("/api/v1/scenarios/" + scenarioId).statusCode();
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }
}
