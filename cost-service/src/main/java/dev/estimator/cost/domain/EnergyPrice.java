package dev.estimator.cost.domain;

import java.time.LocalDate;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Electricity price and grid carbon intensity of a region (us, cn, eu), with sources and dates. */
@Entity
@Table(name = "energy_price", uniqueConstraints = @UniqueConstraint(name = "energy_price_key",
        columnNames = { "region", "valid_from" }))
public class EnergyPrice extends PanacheEntity {

    public String region;
    public String currency;
    @Column(name = "price_per_kwh")
    public double pricePerKwh;
    /** Tonnes of CO2 per MWh drawn from the grid. */
    @Column(name = "carbon_tonnes_per_mwh")
    public double carbonTonnesPerMwh;
    @Column(name = "valid_from")
    public LocalDate validFrom;
    @Column(length = 2000)
    public String source;
}
