package dev.estimator.gateway.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.estimator.gateway.rest.ScenarioRequest;

/** Value of {@code scenarios.submitted} (docs/events.md, docs/events/scenarios.submitted.schema.json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioSubmittedEvent(String scenarioId, @JsonInclude(JsonInclude.Include.ALWAYS) String sweepId,
        Instant submittedAt, String name, ScenarioRequest.Model model, ScenarioRequest.Training training,
        ScenarioRequest.Hardware hardware, ScenarioRequest.Pricing pricing, ScenarioRequest.Serving serving,
        ScenarioRequest.Programme programme) {

    public static ScenarioSubmittedEvent of(String scenarioId, String sweepId, Instant submittedAt, ScenarioRequest r) {
        return new ScenarioSubmittedEvent(scenarioId, sweepId, submittedAt, r.name(), r.model(), r.training(),
                r.hardware(), r.pricing(), r.serving(), r.programme());
    }
}
