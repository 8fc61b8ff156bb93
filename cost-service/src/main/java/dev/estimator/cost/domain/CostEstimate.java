package dev.estimator.cost.domain;

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
 * The final estimate (or rejection) of one scenario, keyed by scenario id: the idempotency record. Written by the
 * chassis {@code OutcomeStore} (one statement per batch); this entity declares the table and serves reads.
 */
@Entity
@Table(name = "cost_estimate", indexes = @Index(name = "cost_estimate_sweep", columnList = "sweep_id, outcome"))
public class CostEstimate extends PanacheEntityBase {

    public enum Outcome {
        COMPLETED, REJECTED
    }

    @Id
    @Column(name = "scenario_id")
    public String scenarioId;

    @Column(name = "sweep_id")
    public String sweepId;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    /** The exact JSON value published on estimates or scenarios.rejected. */
    @Column(columnDefinition = "text")
    public String event;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * The scenarios.computed record that produced this outcome: that record seen again re-publishes it (its
     * transaction did not commit), any other record for the scenario is a duplicate (chassis OutcomeStore).
     * Null for rows stored before the column existed: those are re-published by any record, as before.
     */
    @Column(name = "source_partition")
    public Integer sourcePartition;

    @Column(name = "source_offset")
    public Long sourceOffset;
}
