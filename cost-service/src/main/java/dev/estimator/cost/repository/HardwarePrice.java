package dev.estimator.cost.repository;

import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** Purchase price of one accelerator (the chip or board, without server), used when the catalog gives none. */
@Entity
@Table(name = "hardware_price", uniqueConstraints = @UniqueConstraint(name = "hardware_price_key",
        columnNames = { "accelerator", "as_of" }))
public class HardwarePrice extends SourcedRow {

    public String accelerator;
    public double unitPriceUsd;
    public LocalDate asOf;
}
