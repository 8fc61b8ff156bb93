package dev.estimator.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a sweep submission: its id ({@code Location} names it) and how many members it has. */
@Schema(name = "SweepCreated")
public record SweepCreated(@Schema(required = true) String id, @Schema(required = true) int scenarioCount) {
}
