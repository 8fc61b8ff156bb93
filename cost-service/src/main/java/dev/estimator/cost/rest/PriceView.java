package dev.estimator.cost.rest;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.estimator.cost.repository.PriceBookEntry;

/** A price-book row as the API shows it. */
@Schema(name = "Price", description = "A price-book row")
public record PriceView(long id, String provider, String accelerator, String pricingModel, String region, String currency,
        double pricePerHour, LocalDate validFrom, String source,
        @Schema(enumeration = { "list", "reported", "assumed" }, nullable = true, description = "How firm the price is: "
                + "the provider's list price, reported by press or third parties, or a stated assumption") String confidence) {

    static PriceView of(PriceBookEntry e) {
        return new PriceView(e.id, e.provider, e.accelerator, e.pricingModel, e.region, e.currency, e.pricePerHour,
                e.validFrom, e.source, e.confidence);
    }
}
