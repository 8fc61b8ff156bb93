package dev.estimator.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Submits the GPT-3 175B example through the gateway, waits for the estimate and prints it. The
 * published figure to compare with is 3.64e3 PF-days (GPT-3 paper, Table D.1).
 */
public final class Demo {

    /** GPT-3 175B as published: 174.6e9 parameters, 300e9 training tokens, trained on V100s. */
    public static final String GPT3_SCENARIO = """
            {
              "name": "GPT-3 175B on V100 (GPT-3 paper, Table D.1)",
              "model": {"parameters": 174.6e9, "architecture": "dense"},
              "training": {"tokens": 3.0e11, "precision": "fp16"},
              "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000},
              "pricing": {"provider": "azure", "model": "on-demand", "currency": "USD"}
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final PrintStream out;
    private final String token;

    /** Sends {@code Authorization: Bearer $ESTIMATOR_TOKEN} when that variable is set. */
    public Demo(String gatewayUrl, PrintStream out) {
        this(gatewayUrl, out, System.getenv("ESTIMATOR_TOKEN"));
    }

    public Demo(String gatewayUrl, PrintStream out, String token) {
        this.gatewayUrl = gatewayUrl;
        this.out = out;
        this.token = token;
    }

    public JsonNode run() {
        out.println("Demo: submitting GPT-3 175B (174.6e9 parameters, 300e9 tokens, 10,000 x nvidia-v100-32gb)...");
        JsonNode finished = submitAndWait(GPT3_SCENARIO, Duration.ofSeconds(90));
        out.println(finished.toPrettyString());
        JsonNode compute = finished.path("estimate").path("compute");
        out.printf("%nGPT-3 175B: %.4g FLOPs = %.1f PF-days (published: 3640, GPT-3 Table D.1); "
                + "%.3g GPU-hours at %.0f%% utilization; %.1f days on 10,000 V100; cloud cost %s %.3g%n",
                compute.path("trainingFlops").asDouble(), compute.path("pfDays").asDouble(),
                compute.path("gpuHours").asDouble(), 100 * compute.path("utilization").asDouble(),
                compute.path("wallClockDays").asDouble(),
                finished.path("estimate").path("cost").path("currency").asText("USD"),
                finished.path("estimate").path("cost").path("training").path("cloud").asDouble());
        return finished;
    }

    /** POSTs a scenario and polls it until it is no longer PENDING. */
    public JsonNode submitAndWait(String scenarioJson, Duration timeout) {
        try {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/scenarios"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(scenarioJson));
            if (token != null && !token.isBlank()) {
                post.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> accepted = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202 && accepted.statusCode() != 200) {
                throw new IllegalStateException("Submission refused: HTTP " + accepted.statusCode() + " " + accepted.body());
            }
            String id = JSON.readTree(accepted.body()).path("id").asText();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> current = http.send(
                        HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/scenarios/" + id)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(current.body());
                if (current.statusCode() == 200 && !"PENDING".equals(body.path("status").asText())) {
                    return body;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("Scenario " + id + " did not finish within " + timeout);
        } catch (IOException e) {
            throw new IllegalStateException("Gateway at " + gatewayUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
