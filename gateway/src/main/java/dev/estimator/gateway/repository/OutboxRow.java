package dev.estimator.gateway.repository;

import java.time.Instant;

/**
 * A registry row waiting for the broker: what the outbox relay needs to publish it on {@code scenarios.submitted}, and
 * the trace context of the request that submitted it (null if none was stored), which the record carries on.
 */
public record OutboxRow(String scenarioId, String sweepId, Instant submittedAt, String request, String traceContext) {

    /** A row without a stored trace context: its record starts a trace of its own. */
    public OutboxRow(String scenarioId, String sweepId, Instant submittedAt, String request) {
        this(scenarioId, sweepId, submittedAt, request, null);
    }
}
