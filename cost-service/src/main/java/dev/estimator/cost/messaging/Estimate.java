package dev.estimator.cost.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value of {@code estimates} (DESIGN 5.3, docs/events.md, docs/events/estimates.schema.json): the public,
 * final estimate of a scenario. Amounts are in {@code cost.currency}; a null amount could not be computed
 * (e.g. no purchase price for an ownership estimate).
 */
public record Estimate(
        String scenarioId,
        String sweepId,
        String name,
        String status,
        Instant completedAt,
        JsonNode compute,
        Cost cost) {

    public record Cost(String currency, Training training, Serving serving, Programme programme, Range range,
            List<BreakdownItem> breakdown, String priceSource, PriceUsed price, Cheapest cheapest,
            ExchangeRate exchangeRate, Energy energy) {
    }

    public record Training(double cloud, Double ownership, Double ownCloudSaving) {
    }

    public record Serving(double total, Double per1MTokens) {
    }

    public record Programme(double total) {
    }

    /** Percentiles of the programme total over a seeded Monte Carlo of {@code samples} draws. */
    public record Range(double p10, double p50, double p90, int samples) {
    }

    public record BreakdownItem(String item, double amount) {
    }

    /** The rate the final run was priced at, in {@code cost.currency} per accelerator-hour. */
    public record PriceUsed(String provider, String pricingModel, String region, double perAcceleratorHour,
            LocalDate validFrom) {
    }

    /** The cheapest provider pricing the accelerator in the same pricing model, and the run's cost there. */
    public record Cheapest(String provider, String region, double perAcceleratorHour, double cloud) {
    }

    public record ExchangeRate(String currency, double perUsd, LocalDate asOf) {
    }

    /** Electricity region of the ownership estimate, and the run's CO2 on that region's grid. */
    public record Energy(String region, double pricePerKwh, double carbonTonnesPerMwh, Double co2Tonnes) {
    }
}
