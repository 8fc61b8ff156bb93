package dev.estimator.cost.rest;

import java.util.List;

import dev.estimator.cost.domain.CostEstimate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Final estimates exactly as published on the {@code estimates} topic. */
@Path("/estimates")
@Produces(MediaType.APPLICATION_JSON)
public class CostEstimateResource {

    static final int MAX_SIZE = 200;

    @GET
    @Path("/{scenarioId}")
    @WithSession
    public Uni<String> get(@PathParam("scenarioId") String scenarioId) {
        return CostEstimate.<CostEstimate>findById(scenarioId)
                .map(e -> {
                    if (e == null) {
                        throw new UnknownIdException("No estimate for scenario '" + scenarioId + "'");
                    }
                    if (e.outcome != CostEstimate.Outcome.COMPLETED) {
                        throw new UnknownIdException("Scenario '" + scenarioId + "' was rejected by cost-service: " + e.event);
                    }
                    return e.event;
                });
    }

    /** Completed estimates, optionally of one sweep, oldest first: {@code {items, page, size, total}}. */
    @GET
    @WithSession
    public Uni<String> list(@QueryParam("sweepId") String sweepId, @QueryParam("page") @DefaultValue("0") String pageParam,
            @QueryParam("size") @DefaultValue("20") String sizeParam) {
        int page = Paging.page(pageParam);
        int size = Paging.size(sizeParam, MAX_SIZE);
        Parameters params = Parameters.with("outcome", CostEstimate.Outcome.COMPLETED);
        String query = "outcome = :outcome";
        if (sweepId != null && !sweepId.isBlank()) {
            query += " and sweepId = :sweepId";
            params.and("sweepId", sweepId.trim());
        }
        var found = CostEstimate.<CostEstimate>find(query, Sort.by("createdAt").and("scenarioId"), params);
        return found.page(page, size).list().chain(rows -> found.count().map(total -> page(rows, page, size, total)));
    }

    /** The stored events are JSON already: splice them in rather than parse and re-serialize them. */
    private static String page(List<CostEstimate> rows, int page, int size, long total) {
        StringBuilder out = new StringBuilder("{\"items\":[");
        for (int i = 0; i < rows.size(); i++) {
            out.append(i == 0 ? "" : ",").append(rows.get(i).event);
        }
        return out.append("],\"page\":").append(page).append(",\"size\":").append(size)
                .append(",\"total\":").append(total).append('}').toString();
    }
}
