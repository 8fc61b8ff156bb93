package dev.estimator.cost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.cost.estimate.CostCalculator;
import dev.estimator.cost.estimate.CostInputs;
import dev.estimator.cost.estimate.CostResult;
import dev.estimator.cost.estimate.ProgrammePreset;
import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.event.ScenarioComputed;
import dev.estimator.cost.event.ScenarioRejected.FieldError;
import dev.estimator.cost.repository.CurrencyRate;
import dev.estimator.cost.repository.EnergyPrice;
import dev.estimator.cost.repository.HardwarePrice;
import dev.estimator.cost.repository.PriceBookEntry;

/**
 * Prices one computed scenario against a snapshot of the price book. Used by the Kafka consumer and by
 * {@code POST /quote}, so both give the same answer for the same scenario.
 */
public final class ScenarioPricer {

    public static final Set<String> CURRENCIES = Set.of("USD", "CNY");
    static final String DEFAULT_PRICING_MODEL = "on-demand";
    static final Set<String> CHINESE_PROVIDERS = Set.of("alibaba", "baidu", "tencent", "huawei");

    private final CostCalculator calculator;
    private final int samples;

    public ScenarioPricer(CostCalculator calculator, int samples) {
        this.calculator = calculator;
        this.samples = samples;
    }

    public PricingOutcome price(ScenarioComputed s, ReferenceData ref, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        ScenarioComputed.Pricing pricing = s.pricing() != null ? s.pricing()
                : new ScenarioComputed.Pricing(null, null, null, null, null);
        String currency = pricing.currency() == null ? "USD" : pricing.currency().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(currency)) {
            errors.add(new FieldError("pricing.currency", "unknown currency '" + pricing.currency() + "'; use one of USD, CNY"));
        }
        String model = pricing.model() == null ? DEFAULT_PRICING_MODEL : pricing.model();
        if (!PriceBookEntry.PRICING_MODELS.contains(model)) {
            errors.add(new FieldError("pricing.model", "unknown pricing model '" + model + "'; use one of "
                    + String.join(", ", PriceBookEntry.PRICING_MODELS)));
        }
        Double override = pricing.pricePerAcceleratorHour();
        if (override != null && !(override >= 0 && Double.isFinite(override))) {
            errors.add(new FieldError("pricing.pricePerAcceleratorHour", "must be a finite number >= 0"));
        }
        String accelerator = s.hardware() == null ? null : s.hardware().accelerator();
        if (accelerator == null || accelerator.isBlank()) {
            errors.add(new FieldError("hardware.accelerator", "missing accelerator id"));
        }
        double gpuHours = number(s.compute(), "gpuHours");
        if (!(gpuHours >= 0) || !Double.isFinite(gpuHours)) {
            errors.add(new FieldError("compute.gpuHours", "missing or not a finite number >= 0"));
        }
        double tokensPerDay = s.serving() == null || s.serving().tokensPerDay() == null ? 0 : s.serving().tokensPerDay();
        double months = s.serving() == null || s.serving().months() == null ? 0 : s.serving().months();
        nonNegative(errors, "serving.tokensPerDay", tokensPerDay);
        nonNegative(errors, "serving.months", months);
        ScenarioComputed.Programme programme = s.programme() != null ? s.programme()
                : new ScenarioComputed.Programme(null, null, null, null);
        ProgrammePreset preset = null;
        if (programme.preset() != null) {
            preset = ProgrammePreset.ALL.get(programme.preset());
            if (preset == null) {
                errors.add(new FieldError("programme.preset", "unknown preset '" + programme.preset() + "'; use one of "
                        + ProgrammePreset.ids()));
            }
        }
        double experimentMultiplier = programme.experimentMultiplier() != null ? programme.experimentMultiplier()
                : preset != null ? preset.experimentMultiplier() : 0;
        double dataCost = orZero(programme.dataCost());
        double staffCost = orZero(programme.staffCost());
        nonNegative(errors, "programme.experimentMultiplier", experimentMultiplier);
        nonNegative(errors, "programme.dataCost", dataCost);
        nonNegative(errors, "programme.staffCost", staffCost);

        double usdToCurrency = 1;
        CurrencyRate rate = null;
        if (!"USD".equals(currency) && CURRENCIES.contains(currency)) {
            rate = ref.ratesByCurrency().get(currency);
            if (rate == null) {
                errors.add(new FieldError("pricing.currency", "no stored USD/" + currency + " exchange rate"));
            } else {
                usdToCurrency = rate.perUsd;
            }
        }
        if (!errors.isEmpty()) {
            return new PricingOutcome.Rejected(errors);
        }

        String region = pricing.region() == null ? null : pricing.region().toLowerCase(Locale.ROOT);
        String energyRegion = energyRegion(region, pricing.provider());
        EnergyPrice energy = ref.energyByRegion().get(energyRegion);
        double electricityUsd = energy == null ? 0 : Math.max(0, toUsd(energy.pricePerKwh, energy.currency, ref));
        double unitPriceUsd = s.hardware().unitPriceUsd() != null ? s.hardware().unitPriceUsd() : Double.NaN;
        String unitPriceSource = "catalog";
        if (Double.isNaN(unitPriceUsd)) {
            HardwarePrice hardware = ref.hardwareByAccelerator().get(accelerator);
            unitPriceUsd = hardware == null ? Double.NaN : hardware.unitPriceUsd;
            unitPriceSource = hardware == null ? null : hardware.source;
        }
        double tdp = s.hardware().tdpWatts() == null ? Double.NaN : s.hardware().tdpWatts();

        // The price of the final run, in USD per accelerator-hour.
        List<PriceBookEntry> offers = ref.prices(accelerator).stream()
                .filter(p -> p.pricingModel.equals(model) && usd(p, ref) >= 0).toList();
        double priceUsd;
        String priceSource;
        Estimate.PriceUsed used;
        if (override != null) {
            priceUsd = override / usdToCurrency;
            priceSource = "user-given price per accelerator-hour";
            used = new Estimate.PriceUsed(pricing.provider(), model, region, override, null);
        } else {
            PriceBookEntry chosen = choose(offers, pricing.provider(), region, ref);
            if (chosen != null) {
                priceUsd = usd(chosen, ref);
                priceSource = chosen.source + " (valid from " + chosen.validFrom
                        + (chosen.confidence == null ? "" : "; confidence: " + chosen.confidence) + ")";
                used = new Estimate.PriceUsed(chosen.provider, model, chosen.region, priceUsd * usdToCurrency, chosen.validFrom);
            } else if ("own-cloud".equals(model)
                    && calculator.ownershipPerGpuHourUsd(unitPriceUsd, tdp, electricityUsd) > 0) {
                priceUsd = calculator.ownershipPerGpuHourUsd(unitPriceUsd, tdp, electricityUsd);
                priceSource = "own cloud: amortized hardware + energy + operations (unit price: " + unitPriceSource + ")";
                used = new Estimate.PriceUsed(pricing.provider(), model, energyRegion, priceUsd * usdToCurrency, null);
            } else {
                return new PricingOutcome.Rejected(List.of(missingPrice(ref, accelerator, model, pricing.provider(), region)));
            }
        }

        PriceBookEntry cheapest = offers.stream().min(Comparator.comparingDouble(p -> usd(p, ref))).orElse(null);
        JsonNode servingBlock = s.compute().path("serving");
        double servingAccelerators = tokensPerDay > 0 && months > 0 ? Math.max(0, number(servingBlock, "accelerators")) : 0;
        if (Double.isNaN(servingAccelerators)) {
            servingAccelerators = 0;
        }
        JsonNode band = s.compute().path("gpuHoursRange");
        CostInputs inputs = new CostInputs(gpuHours, number(band, "p10"), number(band, "p90"), priceUsd, unitPriceUsd, tdp,
                number(s.compute(), "energyMwh"), electricityUsd, servingAccelerators, tokensPerDay, months,
                experimentMultiplier,
                // The preset's amounts are in USD; the request's in its currency. An explicit amount wins.
                programme.dataCost() == null && preset != null ? preset.dataCostUsd() : dataCost / usdToCurrency,
                programme.staffCost() == null && preset != null ? Double.NaN : staffCost / usdToCurrency,
                preset == null ? 0 : preset.staffShare(),
                number(s.compute(), "gpuCount"), number(s.compute(), "wallClockDays"));
        CostResult r = calculator.calculate(inputs, usdToCurrency, CostCalculator.seedOf(s.scenarioId()));

        double energyMwh = number(s.compute(), "energyMwh");
        Estimate.Cost cost = new Estimate.Cost(currency,
                new Estimate.Training(r.cloud(), nullable(r.ownership()), nullable(r.ownCloudSaving())),
                new Estimate.Serving(r.servingTotal(), nullable(r.per1MTokens()), nullable(r.servingOwnership()),
                        nullable(r.servingOwnCloudSaving())),
                new Estimate.Programme(r.programmeTotal(), preset == null ? null : preset.id(), r.staff(),
                        nullable(r.breakEvenMonths())),
                new Estimate.Range(r.p10(), r.p50(), r.p90(), samples),
                r.breakdown().stream().map(i -> new Estimate.BreakdownItem(i.item(), i.amount())).toList(),
                priceSource, used,
                cheapest == null ? null : new Estimate.Cheapest(cheapest.provider, cheapest.region,
                        usd(cheapest, ref) * usdToCurrency, gpuHours * usd(cheapest, ref) * usdToCurrency),
                rate == null ? null : new Estimate.ExchangeRate(rate.currency, rate.perUsd, rate.asOf),
                energy == null ? null : new Estimate.Energy(energyRegion, electricityUsd * usdToCurrency,
                        energy.carbonTonnesPerMwh, energyMwh >= 0 ? energyMwh * energy.carbonTonnesPerMwh : null));
        return new PricingOutcome.Priced(new Estimate(s.scenarioId(), s.sweepId(), s.name(), "COMPLETED", now,
                s.compute(), cost));
    }

    /** The asked provider's offer (region-matched when asked and available), else the cheapest of all. */
    static PriceBookEntry choose(List<PriceBookEntry> offers, String provider, String region, ReferenceData ref) {
        List<PriceBookEntry> candidates = provider == null ? offers
                : offers.stream().filter(p -> p.provider.equalsIgnoreCase(provider)).toList();
        if (region != null) {
            List<PriceBookEntry> inRegion = candidates.stream().filter(p -> p.region.equalsIgnoreCase(region)).toList();
            if (!inRegion.isEmpty()) {
                candidates = inRegion;
            }
        }
        return candidates.stream().min(Comparator.comparingDouble(p -> usd(p, ref))).orElse(null);
    }

    static FieldError missingPrice(ReferenceData ref, String accelerator, String model, String provider, String region) {
        List<PriceBookEntry> all = ref.prices(accelerator);
        Set<String> sameModel = new TreeSet<>();
        Set<String> models = new TreeSet<>();
        for (PriceBookEntry p : all) {
            models.add(p.pricingModel);
            if (p.pricingModel.equals(model)) {
                sameModel.add(p.provider);
            }
        }
        String asked = "no " + model + " price for " + accelerator
                + (provider == null ? "" : " at '" + provider + "'") + (region == null ? "" : " in region '" + region + "'");
        if (all.isEmpty()) {
            return new FieldError("hardware.accelerator", asked + "; no provider prices this accelerator"
                    + " (give pricing.pricePerAcceleratorHour, or use pricing.model own-cloud with a known unit price)");
        }
        if (sameModel.isEmpty()) {
            return new FieldError("pricing.model", asked + "; pricing models offered for it: " + String.join(", ", models));
        }
        return new FieldError("pricing.provider", asked + "; providers that price it: " + String.join(", ", sameModel));
    }

    static String energyRegion(String region, String provider) {
        if (region != null) {
            if (region.startsWith("cn") || region.startsWith("china") || region.startsWith("ap-beijing")
                    || region.startsWith("ap-shanghai")) {
                return "cn";
            }
            if (region.startsWith("eu") || region.startsWith("europe")) {
                return "eu";
            }
            if (region.startsWith("us")) {
                return "us";
            }
        }
        return provider != null && CHINESE_PROVIDERS.contains(provider.toLowerCase(Locale.ROOT)) ? "cn" : "us";
    }

    static double usd(PriceBookEntry p, ReferenceData ref) {
        return toUsd(p.pricePerHour, p.currency, ref);
    }

    /** Amount in USD, or -1 when its currency has no stored rate (the row is then unusable). */
    static double toUsd(double amount, String currency, ReferenceData ref) {
        if (currency == null || "USD".equalsIgnoreCase(currency)) {
            return amount;
        }
        CurrencyRate rate = ref.ratesByCurrency().get(currency.toUpperCase(Locale.ROOT));
        return rate == null ? -1 : amount / rate.perUsd;
    }

    static double number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static void nonNegative(List<FieldError> errors, String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            errors.add(new FieldError(field, "must be a finite number >= 0"));
        }
    }

    private static Double nullable(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
