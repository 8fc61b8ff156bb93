package dev.estimator.gateway.repository;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SweepRepository implements PanacheRepositoryBase<Sweep, String> {

    /** The sweep stored under this key at or after {@code cutoff}; an older one's key has expired. */
    public Uni<Sweep> findByIdempotencyKey(String scopedKey, Instant cutoff) {
        return find("idempotencyKey = ?1 and createdAt >= ?2", scopedKey, cutoff).firstResult();
    }

    /** Frees this key if the sweep holding it is older than {@code cutoff}, on the current session's transaction. */
    public Uni<Integer> releaseExpiredKey(String scopedKey, Instant cutoff) {
        return getSession().chain(session -> session
                .createNativeQuery("UPDATE sweep SET idempotency_key = NULL WHERE idempotency_key = ?1 AND created_at < ?2")
                .setParameter(1, scopedKey).setParameter(2, cutoff).executeUpdate());
    }
}
