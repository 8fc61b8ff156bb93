package dev.estimator.catalog.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ChainSegmentRepository implements PanacheRepositoryBase<ChainSegment, String> {
}
