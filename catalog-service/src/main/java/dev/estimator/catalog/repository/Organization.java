package dev.estimator.catalog.repository;

import jakarta.persistence.Entity;

/** A company, lab or university, with the cloud it owns (owning one lowers hosting cost, seed report [3]). */
@Entity
public class Organization extends CatalogEntity {

    public String name;
    /** ISO 3166-1 alpha-2. */
    public String country;
    /** big-tech | startup | lab | academia | chip-vendor | cloud */
    public String kind;
    public String ownCloud;
    /** Reported training spend per mainstream model, USD (lower bound); null when not reported. */
    public Double reportedTrainingCostUsdMin;
    public Double reportedTrainingCostUsdMax;
    public String notes;
}
