package dev.estimator.catalog.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A company, lab or university, with the cloud it owns (owning one lowers hosting cost, seed report [3]). */
@Entity
@Table(name = "organization")
public class Organization extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    /** ISO 3166-1 alpha-2. */
    public String country;
    /** big-tech | startup | lab | academia | chip-vendor | cloud */
    public String kind;
    @Column(name = "own_cloud")
    public String ownCloud;
    /** Reported training spend per mainstream model, USD (lower bound); null when not reported. */
    @Column(name = "reported_training_cost_usd_min")
    public Double reportedTrainingCostUsdMin;
    @Column(name = "reported_training_cost_usd_max")
    public Double reportedTrainingCostUsdMax;
    @Column(length = 2000)
    public String notes;
    @Column(length = 2000)
    public String source;
}
