package dev.estimator.cost.domain;

import java.time.LocalDate;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** One price: provider x accelerator x pricing model x region, per accelerator-hour, with its source and date. */
@Entity
@Table(name = "price_book", uniqueConstraints = @UniqueConstraint(name = "price_book_key",
        columnNames = { "provider", "accelerator", "pricing_model", "region", "valid_from" }))
public class PriceBookEntry extends PanacheEntity {

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
