package dev.estimator.catalog.service;

import java.util.Comparator;
import java.util.List;

import dev.estimator.catalog.repository.ChainSegment;
import dev.estimator.catalog.repository.ChainSegmentRepository;
import dev.estimator.catalog.repository.IndustryApplication;
import dev.estimator.catalog.repository.IndustryApplicationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The three chain layers (foundation, model, application) and the application sectors. */
@ApplicationScoped
public class IndustryChainService {

    public record IndustryChain(List<ChainSegment> layers, List<IndustryApplication> applications) {
    }

    @Inject
    ChainSegmentRepository segments;

    @Inject
    IndustryApplicationRepository applications;

    @WithSession
    public Uni<IndustryChain> industryChain() {
        return segments.listAll()
                .map(all -> all.stream().sorted(Comparator.comparingInt(s -> order(s.layer))).toList())
                .chain(layers -> applications.listAll(Sort.by("id")).map(sectors -> new IndustryChain(layers, sectors)));
    }

    private static int order(String layer) {
        return switch (layer) {
            case "foundation" -> 0;
            case "model" -> 1;
            default -> 2;
        };
    }
}
