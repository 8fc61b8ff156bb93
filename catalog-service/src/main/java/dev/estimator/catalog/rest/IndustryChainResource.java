package dev.estimator.catalog.rest;

import java.util.List;

import dev.estimator.catalog.domain.ChainSegment;
import dev.estimator.catalog.domain.IndustryApplication;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The three chain layers (foundation, model, application) and the application sectors. */
@Path("/industry-chain")
@Produces(MediaType.APPLICATION_JSON)
public class IndustryChainResource {

    public record IndustryChain(List<ChainSegment> layers, List<IndustryApplication> applications) {
    }

    @GET
    @WithSession
    public Uni<IndustryChain> get() {
        return ChainSegment.<ChainSegment>listAll()
                .map(segments -> segments.stream().sorted(java.util.Comparator.comparingInt(s -> order(s.layer))).toList())
                .chain(segments -> IndustryApplication.<IndustryApplication>listAll(Sort.by("id"))
                        .map(applications -> new IndustryChain(segments, applications)));
    }

    private static int order(String layer) {
        return switch (layer) {
            case "foundation" -> 0;
            case "model" -> 1;
            default -> 2;
        };
    }
}
