package dev.estimator.gateway.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A grid of scenarios: the base request, the varied fields and the size of their cartesian product. */
@Entity
@Table(name = "sweep")
public class Sweep {

    @Id
    public String id;

    public String name;

    /** The base request (JSON). */
    @Column(name = "base_request", columnDefinition = "text")
    public String baseRequest;

    /** {@code {"hardware.accelerator": [...], ...}} (JSON), in the order the user gave. */
    @Column(columnDefinition = "text")
    public String vary;

    @Column(name = "scenario_count")
    public int scenarioCount;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Subject that created it. */
    @Column(name = "created_by")
    public String createdBy;

    /** Scoped to the client ({@code subject:key}), as for scenarios, so two clients never collide on a key. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 over the members' normalized requests, in sweep order: same key + other hash is a conflict. */
    @Column(name = "request_hash")
    public String requestHash;
}
