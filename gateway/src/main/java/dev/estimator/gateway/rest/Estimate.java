package dev.estimator.gateway.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A scenario's estimate, as cost-service published it on {@code estimates} (docs/events.md,
 * docs/events/estimates.schema.json; {@code ContractAgreementTest} checks that schema and this record's OpenAPI schema
 * agree). The registry stores the event; views read it back into this record. Fields the gateway does not know are
 * ignored, as the event contract asks of every consumer. Amounts are in {@code cost.currency}; null means "could not
 * be computed" (e.g. no purchase price for an ownership estimate): a field the schema allows to be null keeps its null,
 * any other field is left out when the event had none, so the view is the event, field for field.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Estimate", description = "Compute, time, energy and cost of a scenario")
public record Estimate(
        @Schema(required = true, minLength = 1) String scenarioId,
        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) String sweepId,
        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) String name,
        @Schema(required = true, enumeration = "COMPLETED") String status,
        @Schema(required = true) Instant completedAt,
        @Schema(required = true) Compute compute,
        @Schema(required = true) Cost cost) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateCompute", description = "Compute-service's results (docs/events.md, scenarios.computed)")
    public record Compute(
            @Schema(description = "FLOPs of the whole training run") Double trainingFlops,
            @Schema(description = "trainingFlops / 8.64e19") Double pfDays,
            @Schema(description = "Achieved share of the dense peak of the training precision") Double utilization,
            @Schema(description = "'user' (the request's training.utilization) or 'profile:<family>'") String utilizationSource,
            @Schema(required = true, minimum = "0", description = "Accelerator-hours") Double gpuHours,
            GpuHoursRange gpuHoursRange,
            @Schema(nullable = true, description = "The request's count, or the accelerators the deadline needs")
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer gpuCount,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Double wallClockDays,
            Memory memory,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Double energyMwh,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Double co2Tonnes,
            @Schema(description = "Power usage effectiveness applied") Double pue,
            @Schema(description = "tCO2e per MWh applied") Double carbonIntensity,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Serving serving,
            @Schema(nullable = true, description = "Each training stage in order (one, named training, without "
                    + "training.stages); the totals above are their sums") java.util.List<Stage> stages) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateStage", description = "One training stage: FLOPs, PF-days, accelerator-hours at the "
            + "scenario's utilization, days on its accelerators")
    public record Stage(String name, Double trainingFlops, Double pfDays, Double gpuHours,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Double wallClockDays) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateGpuHoursRange")
    public record GpuHoursRange(Double p10, Double p90) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateMemory", description = "Training memory per replica, and the fewest accelerators it fits on")
    public record Memory(Double weightsGb, Double gradientsGb, Double optimizerGb, Double activationsGb,
            Integer minAccelerators) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateServing", description = "Inference: prefill compute-bound, decode bandwidth-bound "
            + "(docs/method/compute.md, Serving); accelerators set when serving.tokensPerDay or requestsPerSecond is given")
    public record Serving(Double flopsPerToken, Double kvCacheBytesPerToken, Double tokensPerSecondPerAccelerator,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Integer accelerators,
            @Schema(nullable = true, description = "Serving accelerator id (serving.accelerator, else the training one)")
            String accelerator,
            @Schema(nullable = true, description = "mha, gqa, mqa or mla") String attention,
            @Schema(nullable = true, description = "Weight precision") String precision,
            @Schema(nullable = true) String kvCachePrecision,
            @Schema(nullable = true, minimum = "1", description = "Tensor-parallel group holding one copy of the weights")
            Integer acceleratorsPerReplica,
            @Schema(nullable = true, minimum = "1") Integer batchSize,
            @Schema(nullable = true, minimum = "0", description = "Time to first token (prefill of one request), ms")
            Double ttftMs,
            @Schema(nullable = true, minimum = "0", description = "Time per output token at batchSize, ms") Double tpotMs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateCost", description = "Amounts in currency")
    public record Cost(
            @Schema(required = true, enumeration = { "USD", "CNY" }) String currency,
            @Schema(required = true) TrainingCost training,
            @Schema(required = true) ServingCost serving,
            @Schema(required = true) ProgrammeCost programme,
            @Schema(required = true) CostRange range,
            @Schema(required = true) List<CostItem> breakdown,
            @Schema(required = true) String priceSource,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Price price,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Cheapest cheapest,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) ExchangeRate exchangeRate,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Energy energy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateTrainingCost")
    public record TrainingCost(
            @Schema(required = true, minimum = "0", description = "Final training run rented at the chosen provider and "
                    + "pricing model") Double cloud,
            @Schema(required = true, nullable = true, minimum = "0", description = "Own cloud: amortized hardware + "
                    + "energy + operations; null when the accelerator's purchase price is unknown")
            @JsonInclude(JsonInclude.Include.ALWAYS) Double ownership,
            @Schema(required = true, nullable = true, description = "cloud - ownership (negative when renting is cheaper)")
            @JsonInclude(JsonInclude.Include.ALWAYS) Double ownCloudSaving) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateServingCost")
    public record ServingCost(@Schema(required = true, minimum = "0") Double total,
            @Schema(required = true, nullable = true, minimum = "0") @JsonInclude(JsonInclude.Include.ALWAYS)
            Double per1MTokens,
            @Schema(nullable = true, minimum = "0", description = "Serving on an own cloud: the same accelerator-hours "
                    + "at the ownership rate (amortized hardware + energy + operations); null without a purchase price "
                    + "or without serving") @JsonInclude(JsonInclude.Include.ALWAYS) Double ownership,
            @Schema(nullable = true, description = "total - ownership (negative when renting is cheaper)")
            @JsonInclude(JsonInclude.Include.ALWAYS) Double ownCloudSaving) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateProgrammeCost")
    public record ProgrammeCost(
            @Schema(required = true, minimum = "0", description = "final run x (1 + experimentMultiplier) + data + staff + serving")
            Double total,
            @Schema(enumeration = { "big-tech-frontier", "efficient-startup" },
                    description = "The programme preset applied; absent when none") String preset,
            @Schema(nullable = true, minimum = "0", description = "The staff amount used (given, or the preset's share "
                    + "of the development cost)") Double staff,
            @Schema(nullable = true, minimum = "0", description = "Months from the start of training after which owning "
                    + "the cluster has paid for itself; null when it never does or cannot be computed")
            @JsonInclude(JsonInclude.Include.ALWAYS) Double breakEvenMonths) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateCostRange", description = "Percentiles of the programme total over a Monte Carlo seeded by "
            + "the scenario id; p10 <= p50 <= p90")
    public record CostRange(@Schema(required = true, minimum = "0") Double p10,
            @Schema(required = true, minimum = "0") Double p50, @Schema(required = true, minimum = "0") Double p90,
            @Schema(minimum = "1", description = "Monte Carlo draws") Integer samples) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateCostItem")
    public record CostItem(@Schema(required = true) String item, @Schema(required = true) Double amount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimatePrice", description = "The rate the final run was priced at")
    public record Price(@Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) String provider,
            @Schema(required = true, ref = "PricingModel") String pricingModel,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) String region,
            @Schema(required = true, minimum = "0") Double perAcceleratorHour,
            @Schema(nullable = true, format = "date") @JsonInclude(JsonInclude.Include.ALWAYS) String validFrom) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateCheapest", description = "The cheapest provider of the accelerator in the same pricing model, "
            + "and the run's cost there")
    public record Cheapest(@Schema(required = true) String provider,
            @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) String region,
            @Schema(required = true, minimum = "0") Double perAcceleratorHour,
            @Schema(required = true, minimum = "0") Double cloud) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateExchangeRate", description = "The rate amounts were converted at (when not USD)")
    public record ExchangeRate(@Schema(required = true) String currency,
            @Schema(required = true, minimum = "0", exclusiveMinimum = true) Double perUsd,
            @Schema(required = true, format = "date") String asOf) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EstimateEnergy", description = "Electricity region of the ownership estimate, and the run's CO2 on "
            + "that region's grid")
    public record Energy(@Schema(required = true, enumeration = { "us", "eu", "cn" }) String region,
            @Schema(required = true, minimum = "0") Double pricePerKwh,
            @Schema(required = true, minimum = "0") Double carbonTonnesPerMwh,
            @Schema(nullable = true, minimum = "0") @JsonInclude(JsonInclude.Include.ALWAYS) Double co2Tonnes) {
    }
}
