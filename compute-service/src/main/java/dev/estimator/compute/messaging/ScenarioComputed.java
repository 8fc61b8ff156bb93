package dev.estimator.compute.messaging;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** Value of {@code scenarios.computed} (docs/events): the resolved scenario plus its compute block. */
public record ScenarioComputed(
        String scenarioId,
        String sweepId,
        Instant submittedAt,
        Instant resolvedAt,
        Instant computedAt,
        String name,
        ScenarioResolved.Model model,
        ScenarioResolved.Training training,
        ScenarioResolved.Hardware hardware,
        JsonNode pricing,
        JsonNode serving,
        JsonNode programme,
        ComputeBlock compute) {
}
