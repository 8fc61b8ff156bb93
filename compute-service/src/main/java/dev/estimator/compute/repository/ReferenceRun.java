package dev.estimator.compute.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A published training run (seeded from docs/reference/published-runs.csv); null where the source gives nothing. */
@Entity
@Table(name = "reference_run")
public class ReferenceRun {

    @Id
    public String id;
    public String model;
    @Column(name = "params_total")
    public Double paramsTotal;
    @Column(name = "params_active")
    public Double paramsActive;
    public Double tokens;
    public String accelerator;
    @Column(name = "accelerator_count")
    public Integer acceleratorCount;
    @Column(name = "accelerator_hours")
    public Double acceleratorHours;
    @Column(name = "pf_days")
    public Double pfDays;
    @Column(name = "energy_mwh")
    public Double energyMwh;
    public Double tco2;
    @Column(name = "cost_usd")
    public Double costUsd;
    @Column(name = "price_per_accelerator_hour")
    public Double pricePerAcceleratorHour;
    public String kind;
    @Column(columnDefinition = "text")
    public String source;
    @Column(columnDefinition = "text")
    public String notes;
}
