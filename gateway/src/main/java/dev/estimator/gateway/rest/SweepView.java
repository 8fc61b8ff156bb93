package dev.estimator.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/sweeps/{id}}: a sweep's progress and the summary of its finished members. */
@Schema(name = "Sweep", description = "Progress and summary of a sweep")
public record SweepView(
        @Schema(required = true) String id,
        @Schema(nullable = true, description = "The base request's name") String name,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true, description = "The varied request paths and their values, as submitted")
        Map<String, List<Object>> vary,
        @Schema(required = true) long total,
        @Schema(required = true) long completed,
        @Schema(required = true) long rejected,
        @Schema(required = true) long pending,
        @Schema(required = true, description = "No member is pending") boolean done,
        @Schema(required = true) Summary summary) {

    @Schema(name = "SweepSummary", description = "Over the finished members: cheapest (training cost), fastest "
            + "(wall-clock days) and the Pareto front of cost vs wall-clock, fastest first")
    public record Summary(
            @Schema(nullable = true, description = "The currency every cost here is in: USD, amounts priced in another "
                    + "currency converted at each estimate's own exchange rate (cost.exchangeRate); null only when "
                    + "nothing finished") String currency,
            @Schema(required = true) String costMetric,
            @Schema(nullable = true) Point cheapest,
            @Schema(nullable = true) Point fastest,
            @Schema(required = true) List<Point> paretoFront) {
    }

    @Schema(name = "SweepPoint", description = "A finished member: its cost, wall-clock time and varied values")
    public record Point(
            @Schema(required = true) String scenarioId,
            @Schema(required = true) double cost,
            @Schema(nullable = true) String currency,
            @Schema(nullable = true) Double wallClockDays,
            @Schema(nullable = true) Map<String, Object> variant) {
    }
}
