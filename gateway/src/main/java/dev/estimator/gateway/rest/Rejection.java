package dev.estimator.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.estimator.chassis.rest.Problem;

/**
 * Why a pipeline stage refused a scenario, from its {@code scenarios.rejected} event (docs/events.md): the stage and
 * one error per field at fault. A view shows these fields beside the status of a REJECTED scenario.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "Rejection")
public record Rejection(
        @Schema(description = "The stage that refused the scenario (present when REJECTED)",
                enumeration = { "catalog", "compute", "cost" }) String stage,
        @Schema(description = "One entry per field at fault; field is the request path (present when REJECTED)")
        List<Problem.FieldError> errors) {
}
