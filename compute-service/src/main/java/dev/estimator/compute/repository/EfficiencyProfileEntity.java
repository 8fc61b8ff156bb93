package dev.estimator.compute.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A family's efficiency profile as derived at start (estimate.ProfileCalibration), read by GET /efficiency-profiles;
 * the fields are explained on rest.EfficiencyProfileResponse. Column names are the fields' in snake case.
 */
@Entity
@Table(name = "efficiency_profile")
public class EfficiencyProfileEntity {

    @Id
    public String family;
    public double referenceUtilization, defaultUtilization, lowUtilization, highUtilization;
    public double gpuHoursP10Multiplier, gpuHoursP90Multiplier;
    @Column(columnDefinition = "text")
    public String derivation, bandSource, calibrationRuns;
}
