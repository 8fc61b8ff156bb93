package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;

import java.time.Duration;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Shared helpers of the gateway's @QuarkusTests. */
public final class GatewayTesting {

    public static final Duration WAIT = Duration.ofSeconds(30);

    public static final String REQUEST = """
            {"name": "GPT-3", "model": {"parameters": 174.6e9}, "training": {"tokens": 3e11},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000}}
            """;

    private GatewayTesting() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /**
     * An estimate event valid against docs/events/estimates.schema.json. The numbers are arbitrary
     * fixtures: the gateway stores and compares them, it computes nothing from them.
     */
    public static String estimate(String scenarioId, String sweepId, double cost, Double wallClockDays) {
        return """
                {"scenarioId": "%s", "sweepId": %s, "name": "fixture", "status": "COMPLETED", "completedAt": "2026-11-28T10:00:00Z",
                 "compute": {"trainingFlops": 3.15e23, "pfDays": 3645.8, "utilization": 0.3, "gpuHours": 1.0e6,
                             "gpuHoursRange": {"p10": 0.8e6, "p90": 1.3e6}, "gpuCount": 1024, "wallClockDays": %s,
                             "energyMwh": 700.0, "co2Tonnes": 270.0},
                 "cost": {"currency": "USD", "training": {"cloud": %s, "ownership": null, "ownCloudSaving": null},
                          "serving": {"total": 0, "per1MTokens": null}, "programme": {"total": %s},
                          "range": {"p10": %s, "p50": %s, "p90": %s}, "breakdown": [{"item": "training", "amount": %s}],
                          "priceSource": "fixture"}}
                """.formatted(scenarioId, sweepId == null ? "null" : "\"" + sweepId + "\"",
                wallClockDays == null ? "null" : wallClockDays, cost, cost, cost * 0.8, cost, cost * 1.3, cost);
    }

    public static void awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String current = null;
        while (System.nanoTime() < deadline) {
            current = given().when().get("/api/v1/scenarios/" + id).then().extract().path("status");
            if (status.equals(current)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("scenario " + id + " stayed " + current + ", expected " + status);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
