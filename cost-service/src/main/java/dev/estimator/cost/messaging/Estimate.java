package dev.estimator.cost.messaging;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Value of {@code estimates} (DESIGN 5.3, docs/events): the public, final estimate of a scenario. */
public record Estimate(
        String scenarioId,
        String sweepId,
        String name,
        String status,
        Instant completedAt,
        JsonNode compute,
        Cost cost) {

    public record Cost(String currency, Training training, Serving serving, Programme programme, Range range,
            List<BreakdownItem> breakdown, String priceSource) {
    }

    public record Training(double cloud, Double ownership, Double ownCloudSaving) {
    }

    public record Serving(double total, Double per1MTokens) {
    }

    public record Programme(double total) {
    }

    public record Range(double p10, double p50, double p90) {
    }

    public record BreakdownItem(String item, double amount) {
    }
}
