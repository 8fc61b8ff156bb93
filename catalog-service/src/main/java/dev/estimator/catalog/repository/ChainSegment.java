package dev.estimator.catalog.repository;

import jakarta.persistence.Entity;

/** One layer of the industry chain: foundation, model or application (seed report [1]). */
@Entity
public class ChainSegment extends CatalogEntity {

    /** foundation | model | application */
    public String layer;
    public String name;
    public String description;
}
