package dev.estimator.gateway.repository;

import java.time.Instant;

/** A registry row waiting for the broker: what the outbox relay needs to publish it on {@code scenarios.submitted}. */
public record OutboxRow(String scenarioId, String sweepId, Instant submittedAt, String request) {
}
