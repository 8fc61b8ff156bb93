package dev.estimator.compute.domain;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The compute outcome of one scenario, keyed by scenario id: the idempotency record of the
 * scenarios.resolved consumer, and what {@code GET /estimates/{scenarioId}} returns. Written by the chassis
 * {@code OutcomeStore} (one statement per batch); this entity declares the table and serves reads.
 */
@Entity
@Table(name = "compute_estimate")
public class ComputeEstimate extends PanacheEntityBase {

    public enum Outcome {
        COMPUTED, REJECTED
    }

    @Id
    @Column(name = "scenario_id")
    public String scenarioId;

    @Column(name = "sweep_id")
    public String sweepId;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    /** The exact JSON value published on scenarios.computed or scenarios.rejected. */
    @Column(columnDefinition = "text")
    public String event;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * The scenarios.resolved record that produced this outcome: that record seen again re-publishes it (its
     * transaction did not commit), any other record for the scenario is a duplicate (chassis OutcomeStore).
     * Null for rows stored before the column existed: those are re-published by any record, as before.
     */
    @Column(name = "source_partition")
    public Integer sourcePartition;

    @Column(name = "source_offset")
    public Long sourceOffset;
}
