package dev.estimator.catalog.repository;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * What every catalog row has: a slug id chosen by whoever adds it (seed or admin API), and the published source of
 * its figures (a figure that is not published is null, never guessed).
 */
@MappedSuperclass
public abstract class CatalogEntity {

    @Id
    public String id;
    public String source;
}
