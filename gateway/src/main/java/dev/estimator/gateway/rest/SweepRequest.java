package dev.estimator.gateway.rest;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * A grid of scenarios: {@code base} varied by {@code vary}. The base alone need not be complete (a varied field may
 * supply what it lacks), so its constraints are checked on every member after the variation, not on the base; its
 * JSON types and field names are checked when the body is read.
 */
@Schema(name = "SweepRequest", additionalProperties = Schema.False.class)
public record SweepRequest(
        @Schema(description = "The scenario every member starts from")
        @NotNull(message = "is required: a scenario request") ScenarioRequest base,
        @Schema(type = SchemaType.OBJECT, description = "Request path -> the values it takes; members are the cartesian "
                + "product, the first path varying slowest (at most gateway.sweeps.max-scenarios members, default 10,000)",
                additionalProperties = VaryValues.class, minProperties = 1,
                examples = "{\"hardware.accelerator\": [\"nvidia-a100-80gb\", \"nvidia-h100-sxm\"], \"hardware.count\": [512, 1024]}")
        @NotEmpty(message = "is required: an object of request path -> array of values, e.g. hardware.count: [512, 1024]")
        Map<String, List<Object>> vary) {

    /** The values of one varied request path (its OpenAPI schema). */
    @Schema(name = "SweepValues", type = SchemaType.ARRAY, minItems = 1, description = "Values of one request field")
    interface VaryValues {
    }
}
