package dev.estimator.cost.repository;

import java.time.LocalDate;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** One price: provider x accelerator x pricing model x region, per accelerator-hour, from a date on. */
@Entity
@Table(name = "price_book", uniqueConstraints = @UniqueConstraint(name = "price_book_key",
        columnNames = { "provider", "accelerator", "pricing_model", "region", "valid_from" }),
        indexes = @Index(name = "price_book_accelerator", columnList = "accelerator"))
public class PriceBookEntry extends SourcedRow {

    public static final List<String> PRICING_MODELS = List.of("on-demand", "reserved-1y", "reserved-3y", "spot", "own-cloud");

    public String provider;
    public String accelerator;
    public String pricingModel;
    public String region;
    public String currency;
    public double pricePerHour;
    public LocalDate validFrom;
    /** list (the provider's published price), reported (press, analysts, third parties) or assumed; null: unmarked. */
    public String confidence;

    public PriceBookEntry() {
    }

    public PriceBookEntry(String provider, String accelerator, String pricingModel, String region, String currency,
            double pricePerHour, LocalDate validFrom, String source) {
        this.provider = provider;
        this.accelerator = accelerator;
        this.pricingModel = pricingModel;
        this.region = region;
        this.currency = currency;
        this.pricePerHour = pricePerHour;
        this.validFrom = validFrom;
        this.source = source;
    }
}
