package dev.estimator.cost.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SeedRecordRepository implements PanacheRepositoryBase<SeedRecord, String> {
}
