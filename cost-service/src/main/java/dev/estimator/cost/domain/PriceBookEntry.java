package dev.estimator.cost.domain;

import java.time.LocalDate;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** One price: provider x accelerator x pricing model x region, per accelerator-hour, with its source and date. */
@Entity
@Table(name = "price_book", uniqueConstraints = @UniqueConstraint(name = "price_book_key",
        columnNames = { "provider", "accelerator", "pricing_model", "region", "valid_from" }),
        indexes = @Index(name = "price_book_accelerator", columnList = "accelerator"))
public class PriceBookEntry extends PanacheEntity {

    public static final java.util.List<String> PRICING_MODELS = java.util.List.of("on-demand", "reserved-1y",
            "reserved-3y", "spot", "own-cloud");

    public String provider;
    public String accelerator;
    @Column(name = "pricing_model")
    public String pricingModel;
    public String region;
    public String currency;
    @Column(name = "price_per_hour")
    public double pricePerHour;
    @Column(name = "valid_from")
    public LocalDate validFrom;
    @Column(length = 2000)
    public String source;
}
