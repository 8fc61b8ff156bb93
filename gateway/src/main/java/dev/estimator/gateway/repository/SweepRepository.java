package dev.estimator.gateway.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SweepRepository implements PanacheRepositoryBase<Sweep, String> {

    public Uni<Sweep> findByIdempotencyKey(String scopedKey) {
        return find("idempotencyKey", scopedKey).firstResult();
    }
}
