package dev.estimator.cost.event;

import java.time.Instant;
import java.util.List;

/** Value of {@code scenarios.rejected} (docs/events.md): why a scenario cannot be estimated, per field. */
public record ScenarioRejected(String scenarioId, String sweepId, String stage, List<FieldError> errors, Instant rejectedAt) {

    public record FieldError(String field, String message) {
    }
}
