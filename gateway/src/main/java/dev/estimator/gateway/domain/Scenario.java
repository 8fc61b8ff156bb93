package dev.estimator.gateway.domain;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * The scenario registry: one row per submission, kept current by consuming {@code estimates} and
 * {@code scenarios.rejected}. It is what {@code GET /api/v1/scenarios/{id}} reads.
 */
@Entity
@Table(name = "scenario", indexes = { @Index(name = "scenario_sweep", columnList = "sweep_id"),
        @Index(name = "scenario_idempotency", columnList = "idempotency_key", unique = true) })
public class Scenario extends PanacheEntityBase {

    public enum Status {
        PENDING, COMPLETED, REJECTED
    }

    @Id
    public String id;

    @Column(name = "sweep_id")
    public String sweepId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The request as submitted (JSON). */
    @Column(columnDefinition = "text")
    public String request;

    /** The estimate (COMPLETED) or the rejection (REJECTED) as received from Kafka (JSON). */
    @Column(columnDefinition = "text")
    public String result;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
