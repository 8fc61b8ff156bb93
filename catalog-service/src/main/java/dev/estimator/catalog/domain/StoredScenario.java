package dev.estimator.catalog.domain;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The outcome of resolving one submitted scenario, keyed by scenario id. It is the idempotency record:
 * a redelivered submission finds it and re-sends exactly the same event. Written by the chassis
 * {@code OutcomeStore} (one statement per batch); this entity declares the table and serves reads.
 */
@Entity
@Table(name = "scenario")
public class StoredScenario extends PanacheEntityBase {

    public enum Outcome {
        RESOLVED, REJECTED
    }

    @Id
    @Column(name = "scenario_id")
    public String scenarioId;

    @Column(name = "sweep_id")
    public String sweepId;

    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    /** The exact JSON value that was published (on scenarios.resolved or scenarios.rejected). */
    @Column(columnDefinition = "text")
    public String event;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * The scenarios.submitted record that produced this outcome: that record seen again re-publishes it (its
     * transaction did not commit), any other record for the scenario is a duplicate (chassis OutcomeStore).
     */
    @Column(name = "source_partition")
    public Integer sourcePartition;

    @Column(name = "source_offset")
    public Long sourceOffset;
}
