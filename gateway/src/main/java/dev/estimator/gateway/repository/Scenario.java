package dev.estimator.gateway.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The scenario registry: one row per submission, kept current by consuming {@code estimates} and
 * {@code scenarios.rejected}; also the outbox of {@code scenarios.submitted}. It is what {@code GET /api/v1/scenarios/{id}},
 * {@code Prefer: wait}, sweep progress and exports read. The table and its indexes are created by the migrations
 * ({@code db/migration}); the set-based statements on it are in {@link RegistryStore} and {@link OutboxStore}.
 */
@Entity
@Table(name = "scenario")
public class Scenario {

    public enum Status {
        PENDING, COMPLETED, REJECTED
    }

    @Id
    public String id;

    @Column(name = "sweep_id")
    public String sweepId;

    /** Position in the sweep's cartesian product, so exports list scenarios in a stable order. */
    @Column(name = "sweep_index")
    public Integer sweepIndex;

    /** The varied values of this sweep member ({@code {"hardware.count": 512}}), JSON. */
    @Column(columnDefinition = "text")
    public String variant;

    /** Scoped to the client ({@code subject:key}) so two clients never collide on a key. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the normalized request: same key + other hash is a conflict. */
    @Column(name = "request_hash")
    public String requestHash;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** The request as submitted, normalized (JSON). */
    @Column(columnDefinition = "text")
    public String request;

    /** The estimate (COMPLETED) or the rejection (REJECTED) as received from Kafka (JSON). */
    @Column(columnDefinition = "text")
    public String result;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** When the broker acknowledged the row's {@code scenarios.submitted} record (the outbox state): null until then. */
    @Column(name = "published_at")
    public Instant publishedAt;

    /**
     * Until when one replica's relay owns the publication of this row (set at insert for the submitting replica, or
     * when a relay claims the row); after that, any replica may claim it. Null when given back after a failed send.
     */
    @Column(name = "publish_lease_until")
    public Instant publishLeaseUntil;

    /**
     * The trace context of the request that submitted the row (W3C fields, see KafkaTracing#serialize): the relay
     * publishes the row in that trace, however late and from whichever replica. Null for rows stored before it existed.
     */
    @Column(name = "trace_context", columnDefinition = "text")
    public String traceContext;

    /** Copied out of the estimate so sweep summaries (cheapest, fastest, Pareto front) are one indexed query. */
    @Column(name = "cost_amount")
    public Double costAmount;

    public String currency;

    @Column(name = "wall_clock_days")
    public Double wallClockDays;

    @Column(name = "gpu_hours")
    public Double gpuHours;

    /**
     * Bumped by every update, including the registry's set-based UPDATE (which bypasses Hibernate), so an entity
     * loaded before a scenario finished can never be flushed over its result.
     */
    @Version
    public long version;
}
