package dev.estimator.cost.repository;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * What every reference row (price, rate, tariff) has: a generated id and the publication its figure comes from, so
 * every number an estimate uses can be checked (docs/method/cost.md, "Seed data").
 */
@MappedSuperclass
public abstract class SourcedRow {

    @Id
    @GeneratedValue
    public Long id;

    @Column(length = 2000)
    public String source;
}
