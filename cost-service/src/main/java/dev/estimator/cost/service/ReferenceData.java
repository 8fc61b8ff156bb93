package dev.estimator.cost.service;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.estimator.cost.repository.CurrencyRate;
import dev.estimator.cost.repository.EnergyPrice;
import dev.estimator.cost.repository.HardwarePrice;
import dev.estimator.cost.repository.PriceBookEntry;

/**
 * The price-book rows, rates and tables one batch is priced with, read in the batch's transaction so a
 * batch sees one consistent state of admin edits. Only rows valid on {@code today} are kept, the newest
 * per key.
 */
public record ReferenceData(Map<String, List<PriceBookEntry>> pricesByAccelerator, Map<String, EnergyPrice> energyByRegion,
        Map<String, HardwarePrice> hardwareByAccelerator, Map<String, CurrencyRate> ratesByCurrency) {

    public static ReferenceData of(List<PriceBookEntry> prices, List<EnergyPrice> energy, List<HardwarePrice> hardware,
            List<CurrencyRate> rates, LocalDate today) {
        Map<String, List<PriceBookEntry>> byAccelerator = prices.stream()
                .filter(p -> !p.validFrom.isAfter(today))
                .collect(Collectors.groupingBy(p -> p.provider + "|" + p.accelerator + "|" + p.pricingModel + "|" + p.region,
                        Collectors.maxBy(Comparator.comparing((PriceBookEntry p) -> p.validFrom))))
                .values().stream().flatMap(Optional::stream)
                .collect(Collectors.groupingBy(p -> p.accelerator));
        return new ReferenceData(byAccelerator,
                newest(energy.stream().filter(e -> !e.validFrom.isAfter(today)).toList(), e -> e.region, e -> e.validFrom),
                newest(hardware.stream().filter(h -> !h.asOf.isAfter(today)).toList(), h -> h.accelerator, h -> h.asOf),
                newest(rates.stream().filter(r -> !r.asOf.isAfter(today)).toList(), r -> r.currency, r -> r.asOf));
    }

    private static <T> Map<String, T> newest(List<T> rows, Function<T, String> key, Function<T, LocalDate> date) {
        return rows.stream().collect(Collectors.toMap(key, Function.identity(),
                (a, b) -> date.apply(a).isAfter(date.apply(b)) ? a : b));
    }

    public List<PriceBookEntry> prices(String accelerator) {
        return pricesByAccelerator.getOrDefault(accelerator, List.of());
    }
}
