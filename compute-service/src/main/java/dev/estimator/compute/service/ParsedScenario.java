package dev.estimator.compute.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.compute.event.ScenarioResolved;

/** A resolved scenario as typed values, plus its original JSON (passed through to scenarios.computed unchanged). */
public record ParsedScenario(ScenarioResolved scenario, ObjectNode json) {

    public String scenarioId() {
        return scenario.scenarioId();
    }
}
