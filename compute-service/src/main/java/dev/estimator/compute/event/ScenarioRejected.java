package dev.estimator.compute.event;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Value of {@code scenarios.rejected} (docs/events.md): why a scenario cannot be estimated, per field. */
@Schema(name = "ScenarioRejected", description = "Why a scenario cannot be estimated (scenarios.rejected)")
public record ScenarioRejected(String scenarioId, String sweepId,
        @Schema(description = "The stage that rejected it: compute here") String stage,
        List<FieldError> errors, Instant rejectedAt) {

    /** The stage name this service writes in {@code stage}. */
    public static final String STAGE = "compute";

    @Schema(name = "RejectedField")
    public record FieldError(@Schema(description = "Request path at fault, e.g. hardware.count") String field, String message) {
    }
}
