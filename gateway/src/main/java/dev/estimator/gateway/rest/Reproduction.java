package dev.estimator.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A headline figure of the seed report (or of a source it cites) and the scenario that reproduces it through the public
 * API: POST {@code scenario} to /api/v1/scenarios and read {@code field} of the estimate.
 */
@Schema(name = "Reproduction", description = "A headline figure of the seed report, the scenario that reproduces it, "
        + "the published (expected) figure and the value the estimator gives now")
public record Reproduction(
        @Schema(required = true, examples = "gpt3-pfdays") String id,
        @Schema(required = true, description = "The seed's words, in English") String claim,
        @Schema(required = true, description = "Where the figure is published") String source,
        @Schema(required = true, description = "A complete request anyone can POST to /api/v1/scenarios") ScenarioRequest scenario,
        @Schema(required = true, description = "The estimate path that reproduces the figure", examples = "compute.pfDays")
        String field,
        @Schema(required = true) Expected expected,
        @Schema(nullable = true, description = "What the scenario gives now: the field of the latest completed estimate of "
                + "exactly this request (any submitter's; the estimate is a function of the request and the reference "
                + "data); null until the scenario has been run") @JsonInclude(JsonInclude.Include.ALWAYS) Double value,
        @Schema(nullable = true, description = "The scenario the value comes from") @JsonInclude(JsonInclude.Include.ALWAYS)
        String scenarioId,
        @Schema(nullable = true, description = "Whether value meets expected; null until the scenario has been run")
        @JsonInclude(JsonInclude.Include.ALWAYS) Boolean holds) {

    /**
     * The published figure: a value with a relative tolerance, or bounds (min and/or max, inclusive) when the source
     * gives a range or a threshold ("above $200M", "$30-60M").
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ReproductionExpected")
    public record Expected(
            @Schema(description = "The published figure") Double value,
            @Schema(description = "Allowed |estimate - value| / value") Double relativeTolerance,
            @Schema(description = "Lower bound, inclusive") Double min,
            @Schema(description = "Upper bound, inclusive") Double max,
            @Schema(required = true, description = "Unit or currency of the figure", examples = "USD") String unit,
            @Schema(description = "How the scenario relates to the published figure") String note) {

        /** Whether {@code v} meets the published figure. */
        public boolean holds(double v) {
            if (value != null && relativeTolerance != null && Math.abs(v - value) > relativeTolerance * Math.abs(value)) {
                return false;
            }
            return (min == null || v >= min) && (max == null || v <= max);
        }
    }

    /** Body of GET /api/v1/reproductions. */
    @Schema(name = "Reproductions")
    public record Page(@Schema(required = true) List<Reproduction> items) {
    }
}
