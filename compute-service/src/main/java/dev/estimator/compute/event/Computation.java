package dev.estimator.compute.event;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What compute-service adds to a resolved scenario: {@code scenarios.computed} is the resolved value, every field
 * passed through unchanged, with these two fields added (docs/events.md).
 */
@Schema(name = "Computation", description = "The fields scenarios.computed adds to the resolved scenario")
public record Computation(Instant computedAt, ComputeBlock compute) {
}
