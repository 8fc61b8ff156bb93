package dev.estimator.cost.repository;

import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** How many units of {@code currency} one USD buys, as of a date. */
@Entity
@Table(name = "currency_rate", uniqueConstraints = @UniqueConstraint(name = "currency_rate_key",
        columnNames = { "currency", "as_of" }))
public class CurrencyRate extends SourcedRow {

    public String currency;
    public double perUsd;
    public LocalDate asOf;
}
