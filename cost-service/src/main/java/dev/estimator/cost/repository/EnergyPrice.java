package dev.estimator.cost.repository;

import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Electricity price and grid carbon intensity of a region (us, cn, eu), from a date on. */
@Entity
@Table(name = "energy_price", uniqueConstraints = @UniqueConstraint(name = "energy_price_key",
        columnNames = { "region", "valid_from" }))
public class EnergyPrice extends SourcedRow {

    public String region;
    public String currency;
    public double pricePerKwh;
    /** Tonnes of CO2 per MWh drawn from the grid. */
    public double carbonTonnesPerMwh;
    public LocalDate validFrom;
}
