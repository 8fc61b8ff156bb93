package dev.estimator.compute.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class EfficiencyProfileRepository implements PanacheRepositoryBase<EfficiencyProfileEntity, String> {
}
