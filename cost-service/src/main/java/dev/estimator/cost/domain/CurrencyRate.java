package dev.estimator.cost.domain;

import java.time.LocalDate;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** How many units of {@code currency} one USD buys, as of a date, with its source. */
@Entity
@Table(name = "currency_rate", uniqueConstraints = @UniqueConstraint(name = "currency_rate_key",
        columnNames = { "currency", "as_of" }))
public class CurrencyRate extends PanacheEntity {

    public String currency;
    @Column(name = "per_usd")
    public double perUsd;
    @Column(name = "as_of")
    public LocalDate asOf;
    @Column(length = 2000)
    public String source;
}
