package dev.estimator.compute.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A family's efficiency profile as derived at start (estimate.ProfileCalibration); read by GET /efficiency-profiles. */
@Entity
@Table(name = "efficiency_profile")
public class EfficiencyProfileEntity {

    @Id
    public String family;

    /** Effective utilization at reference conditions (70B dense, 16-bit, no failures). */
    @Column(name = "reference_utilization")
    public double referenceUtilization;

    /** Effective utilization at the default cluster size (2,048 accelerators): what a 70B run gets by default. */
    @Column(name = "default_utilization")
    public double defaultUtilization;

    @Column(name = "low_utilization")
    public double lowUtilization;

    @Column(name = "high_utilization")
    public double highUtilization;

    @Column(name = "gpu_hours_p10_multiplier")
    public double gpuHoursP10Multiplier;

    @Column(name = "gpu_hours_p90_multiplier")
    public double gpuHoursP90Multiplier;

    @Column(columnDefinition = "text")
    public String derivation;

    @Column(name = "band_source", columnDefinition = "text")
    public String bandSource;

    /** Comma-separated ids of the published runs behind the value. */
    @Column(name = "calibration_runs", columnDefinition = "text")
    public String calibrationRuns;
}
