package dev.estimator.gateway.rest;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A registered scenario, as {@code GET /api/v1/scenarios/{id}} and the sweep exports show it: its status, its request,
 * and the estimate (COMPLETED) or the rejection (REJECTED). Built from the registry row by {@link ScenarioViews}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Scenario", description = "A scenario: status, request, and the estimate or the rejection")
public record ScenarioView(
        @Schema(required = true) String id,
        @Schema(required = true, nullable = true, description = "The sweep it is a member of")
        @JsonInclude(JsonInclude.Include.ALWAYS) String sweepId,
        @Schema(description = "Position in the sweep's cartesian product (sweep members only)") Integer sweepIndex,
        @Schema(description = "The varied values of this sweep member, by request path (sweep members only)",
                examples = "{\"hardware.count\": 512}") Map<String, Object> variant,
        @Schema(required = true) Status status,
        @Schema(required = true) Instant submittedAt,
        @Schema(required = true, nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedAt,
        @Schema(description = "The request as registered (normalized); left out of sweep exports") ScenarioRequest request,
        @Schema(description = "Present when COMPLETED") Estimate estimate,
        @JsonUnwrapped Rejection rejection) {

    @Schema(name = "ScenarioStatus", description = "PENDING until the estimate or the rejection arrives")
    public enum Status {
        PENDING, COMPLETED, REJECTED
    }
}
