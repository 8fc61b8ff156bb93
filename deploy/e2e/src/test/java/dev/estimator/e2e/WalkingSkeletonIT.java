package dev.estimator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.Demo;
import dev.estimator.stack.DevTokens;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.testing.KafkaTestClient;

/**
 * The whole pipeline over Kafka with the packaged services: gateway -> catalog -> compute -> cost ->
 * estimates, read back with a plain Kafka consumer and through the gateway.
 */
@ExtendWith(LocalStackExtension.class)
class WalkingSkeletonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static String analystToken() {
        return DevTokens.mint(Path.of(System.getProperty("estimator.root", "../..")), "analyst");
    }

    @Test
    void gpt3OnV100MatchesThePublishedPfDaysOnTheEstimatesTopic(LocalStack stack) throws Exception {
        JsonNode finished = new Demo(stack.url(LocalStack.GATEWAY), System.out, analystToken())
                .submitAndWait(Demo.GPT3_SCENARIO, Duration.ofSeconds(90));
        assertEquals("COMPLETED", finished.get("status").asText(), finished.toString());
        String id = finished.get("id").asText();

        try (KafkaTestClient kafka = new KafkaTestClient(stack.bootstrapServers())) {
            var record = kafka.awaitRecord("estimates", id, Duration.ofSeconds(30));
            JsonNode estimate = JSON.readTree(record.value());
            double published = Double.parseDouble(PublishedRuns.row("gpt-3-175b").get("pf_days"));
            double pfDays = estimate.at("/compute/pfDays").asDouble();
            assertEquals(published, pfDays, published * 0.005, "GPT-3 Table D.1: 3.64e3 PF-days");
            assertEquals("estimator.estimate.completed", KafkaTestClient.header(record, "ce_type"));
            assertEquals(id, KafkaTestClient.header(record, "ce_subject"));
            assertTrue(estimate.at("/cost/training/cloud").asDouble() > 0, "priced from the price book");
            assertEquals(estimate, finished.get("estimate"), "the gateway serves the event it consumed");

            // Every stage acknowledged what it processed: no consumer group is left behind (a stage that
            // never commits stalls for good after 60 s under the throttled commit strategy).
            kafka.awaitNoLag("catalog-service", "scenarios.submitted", Duration.ofSeconds(30));
            kafka.awaitNoLag("compute-service", "scenarios.resolved", Duration.ofSeconds(30));
            kafka.awaitNoLag("cost-service", "scenarios.computed", Duration.ofSeconds(30));
            kafka.awaitNoLag("gateway-registry", "estimates", Duration.ofSeconds(30));
        }
    }

    @Test
    void unknownAcceleratorEndsRejectedWithAReason(LocalStack stack) throws Exception {
        String request = Demo.GPT3_SCENARIO.replace("nvidia-v100-32gb", "nvidia-v1000");
        JsonNode finished = new Demo(stack.url(LocalStack.GATEWAY), System.out, analystToken()).submitAndWait(request, Duration.ofSeconds(60));
        assertEquals("REJECTED", finished.get("status").asText(), finished.toString());
        JsonNode error = finished.get("errors").get(0);
        assertEquals("hardware.accelerator", error.get("field").asText());
        assertTrue(error.get("message").asText().contains("nvidia-v1000"), error.toString());
    }

    @Test
    void everyServiceIsReady(LocalStack stack) throws Exception {
        for (LocalStack.ServiceSpec spec : LocalStack.SERVICES) {
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(stack.url(spec) + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), spec.name() + ": " + ready.body());
            assertEquals("UP", JSON.readTree(ready.body()).get("status").asText());
        }
    }
}
