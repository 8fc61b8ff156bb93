package dev.estimator.compute.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A published training run (seeded from docs/reference/published-runs.csv, whose columns it keeps); null where the
 * source gives nothing. Column names are the fields' in snake case (CamelCaseToUnderscoresNamingStrategy).
 */
@Entity
@Table(name = "reference_run")
public class ReferenceRun {

    @Id
    public String id;
    public String model, accelerator, kind;
    public Double paramsTotal, paramsActive, tokens, acceleratorHours, pfDays, energyMwh, tco2, costUsd, pricePerAcceleratorHour;
    public Integer acceleratorCount;
    @Column(columnDefinition = "text")
    public String source, notes;
}
