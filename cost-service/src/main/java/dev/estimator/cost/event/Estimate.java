package dev.estimator.cost.event;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value of {@code estimates} (docs/events.md, docs/events/estimates.schema.json): the public, final estimate of a
 * scenario. Amounts are in {@code cost.currency}; a null amount could not be computed (e.g. no purchase price for an
 * ownership estimate). How each amount is computed: docs/method/cost.md.
 */
@Schema(name = "Estimate", description = "The final estimate of a scenario, as published on the estimates topic")
public record Estimate(
        String scenarioId,
        String sweepId,
        String name,
        @Schema(enumeration = "COMPLETED") String status,
        Instant completedAt,
        @Schema(description = "The compute block of scenarios.computed, unchanged") JsonNode compute,
        Cost cost) {

    @Schema(name = "EstimateCost")
    public record Cost(@Schema(enumeration = { "USD", "CNY" }) String currency, Training training, Serving serving,
            Programme programme, Range range, List<BreakdownItem> breakdown, String priceSource, PriceUsed price,
            Cheapest cheapest, ExchangeRate exchangeRate, Energy energy) {
    }

    @Schema(name = "EstimateTraining", description = "The final training run: rented, and on an own cloud")
    public record Training(double cloud, Double ownership, Double ownCloudSaving) {
    }

    /**
     * Serving rented ({@code total}), and on an own cloud: the same accelerator-hours at the ownership rate, and what
     * that saves (null without a purchase price or TDP, or without serving).
     */
    @Schema(name = "EstimateServing")
    public record Serving(double total, Double per1MTokens, Double ownership, Double ownCloudSaving) {

        public Serving(double total, Double per1MTokens) {
            this(total, per1MTokens, null, null);
        }
    }

    /**
     * {@code preset}: the programme preset applied, if any; {@code staff}: the staff amount used; {@code breakEvenMonths}:
     * months from the start of training after which owning the cluster has paid for itself (null when it never does).
     */
    @Schema(name = "EstimateProgramme", description = "Final run, experiments, data, staff and serving")
    public record Programme(double total,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(enumeration = { "big-tech-frontier", "efficient-startup" })
            String preset,
            Double staff, Double breakEvenMonths) {

        public Programme(double total) {
            this(total, null, null, null);
        }
    }

    /** Percentiles of the programme total over a seeded Monte Carlo of {@code samples} draws. */
    @Schema(name = "EstimateRange", description = "Percentiles of the programme total over a seeded Monte Carlo")
    public record Range(double p10, double p50, double p90, int samples) {
    }

    @Schema(name = "EstimateBreakdownItem")
    public record BreakdownItem(String item, double amount) {
    }

    /** The rate the final run was priced at, in {@code cost.currency} per accelerator-hour. */
    @Schema(name = "EstimatePrice")
    public record PriceUsed(String provider, String pricingModel, String region, double perAcceleratorHour,
            LocalDate validFrom) {
    }

    /** The cheapest provider pricing the accelerator in the same pricing model, and the run's cost there. */
    @Schema(name = "EstimateCheapest")
    public record Cheapest(String provider, String region, double perAcceleratorHour, double cloud) {
    }

    @Schema(name = "EstimateExchangeRate")
    public record ExchangeRate(String currency, double perUsd, LocalDate asOf) {
    }

    /** Electricity region of the ownership estimate, and the run's CO2 on that region's grid. */
    @Schema(name = "EstimateEnergy")
    public record Energy(String region, double pricePerKwh, double carbonTonnesPerMwh, Double co2Tonnes) {
    }
}
