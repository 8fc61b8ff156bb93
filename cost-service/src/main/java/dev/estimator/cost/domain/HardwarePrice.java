package dev.estimator.cost.domain;

import java.time.LocalDate;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Purchase price of one accelerator (the chip or board, without server), used when the catalog gives none. */
@Entity
@Table(name = "hardware_price", uniqueConstraints = @UniqueConstraint(name = "hardware_price_key",
        columnNames = { "accelerator", "as_of" }))
public class HardwarePrice extends PanacheEntity {

    public String accelerator;
    @Column(name = "unit_price_usd")
    public double unitPriceUsd;
    @Column(name = "as_of")
    public LocalDate asOf;
    @Column(length = 2000)
    public String source;
}
