package dev.estimator.catalog.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One layer of the industry chain: foundation, model or application (seed report [1]). */
@Entity
@Table(name = "chain_segment")
public class ChainSegment extends PanacheEntityBase {

    @Id
    public String id;
    /** foundation | model | application */
    public String layer;
    public String name;
    @Column(length = 2000)
    public String description;
    @Column(length = 2000)
    public String source;
}
