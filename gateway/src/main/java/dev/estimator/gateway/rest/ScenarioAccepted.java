package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a submission not finished yet: where to read it ({@code Location}) and its status. */
@Schema(name = "ScenarioAccepted")
public record ScenarioAccepted(@Schema(required = true) String id,
        @Schema(required = true, enumeration = "PENDING") String status) {
}
