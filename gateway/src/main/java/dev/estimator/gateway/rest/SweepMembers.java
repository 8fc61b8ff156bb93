package dev.estimator.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/sweeps/{id}/estimates} as JSON: a page of members in sweep order. */
@Schema(name = "SweepMembers", description = "A page of a sweep's members with their estimates, in sweep order")
public record SweepMembers(
        @Schema(required = true) List<ScenarioView> items,
        @Schema(required = true) int page,
        @Schema(required = true) int size,
        @Schema(required = true) long total) {
}
