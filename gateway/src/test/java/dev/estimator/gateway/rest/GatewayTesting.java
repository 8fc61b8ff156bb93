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

    /**
     * An estimate with every field cost-service and compute-service publish (docs/events.md), nulls and whole numbers
     * where they write them, so a test can check that the gateway serves what it consumed, field for field.
     */
    public static String fullEstimate(String scenarioId) {
        return """
                {"scenarioId": "%s", "sweepId": null, "name": "LLaMA-65B-sized run on A100 80GB", "status": "COMPLETED",
                 "completedAt": "2026-11-28T10:00:00.123456Z",
                 "compute": {"trainingFlops": 5.48E23, "pfDays": 6340.0, "utilization": 0.5, "utilizationSource": "user",
                             "gpuHours": 3.04E7, "gpuHoursRange": {"p10": 2.4E7, "p90": 3.9E7}, "gpuCount": 2048,
                             "wallClockDays": 20.8, "memory": {"weightsGb": 130.0, "gradientsGb": 130.0, "optimizerGb": 782.0,
                             "activationsGb": 40.0, "minAccelerators": 14}, "energyMwh": 449.0, "co2Tonnes": 173.0, "pue": 1.1,
                             "carbonIntensity": 0.385, "serving": {"flopsPerToken": 1.3E11, "kvCacheBytesPerToken": 2621440.0,
                             "tokensPerSecondPerAccelerator": 1200.0, "accelerators": 10}},
                 "cost": {"currency": "CNY", "training": {"cloud": 1.5E8, "ownership": 9.0E7, "ownCloudSaving": 6.0E7},
                          "serving": {"total": 2.0E6, "per1MTokens": 5.4, "ownership": null, "ownCloudSaving": null},
                          "programme": {"total": 3.6E8, "breakEvenMonths": null},
                          "range": {"p10": 2.9E8, "p50": 3.5E8, "p90": 4.6E8, "samples": 2000},
                          "breakdown": [{"item": "training: final run", "amount": 1.5E8},
                                        {"item": "programme: experiments", "amount": 1.5E8}],
                          "priceSource": "price book: aws on-demand us-east",
                          "price": {"provider": "aws", "pricingModel": "on-demand", "region": "us-east", "perAcceleratorHour": 4.9,
                                    "validFrom": "2025-06-01"},
                          "cheapest": {"provider": "lambda", "region": null, "perAcceleratorHour": 3.1, "cloud": 9.5E7},
                          "exchangeRate": {"currency": "CNY", "perUsd": 7.1, "asOf": "2025-06-01"},
                          "energy": {"region": "us", "pricePerKwh": 0.08, "carbonTonnesPerMwh": 0.385, "co2Tonnes": 173.0}}}
                """.formatted(scenarioId);
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
