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

/** The final estimate (or rejection) of one scenario, keyed by scenario id: the idempotency record. */
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
}
