package dev.estimator.catalog.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.estimator.catalog.estimate.ComputeTrendFit;
import dev.estimator.catalog.estimate.TrainingCompute;
import dev.estimator.catalog.repository.HistoryPhase;
import dev.estimator.catalog.repository.HistoryPhaseRepository;
import dev.estimator.catalog.repository.Model;
import dev.estimator.catalog.repository.ModelRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The development history: phases with their milestone models, and the training-compute trend. */
@ApplicationScoped
public class HistoryService {

    public record Milestone(String id, String name, LocalDate releaseDate, Double parameters, Double trainingFlops) {
    }

    public record Phase(String id, String name, Integer startYear, Integer endYear, String description,
            List<Milestone> milestones, String source) {
    }

    /**
     * @param method how FLOPs were obtained and fitted
     * @param models the model ids the fit used
     */
    public record ComputeTrend(int points, double fromYear, double toYear, String years, double doublingsPerYear,
            Double doublingTimeMonths, double rSquared, String method, List<String> models) {
    }

    public record History(List<Phase> phases, ComputeTrend trainingComputeTrend) {
    }

    @Inject
    HistoryPhaseRepository phases;

    @Inject
    ModelRepository models;

    /** Computed on every request: adding or editing a model changes the fit. */
    @WithSession
    public Uni<History> history() {
        return phases.listAll(Sort.by("ordinal"))
                .chain(all -> models.listAll().map(catalog -> build(all, catalog)));
    }

    static History build(List<HistoryPhase> phases, List<Model> models) {
        Map<String, Model> byId = models.stream().collect(Collectors.toMap(m -> m.id, Function.identity()));
        List<Phase> out = new ArrayList<>();
        for (HistoryPhase p : phases) {
            List<Milestone> milestones = (p.milestoneModels == null ? List.<String>of() : p.milestoneModels).stream()
                    .map(byId::get)
                    .filter(m -> m != null)
                    .map(m -> new Milestone(m.id, m.name, m.releaseDate, m.parameters, flops(m)))
                    .toList();
            out.add(new Phase(p.id, p.name, p.startYear, p.endYear, p.description, milestones, p.source));
        }
        List<ComputeTrendFit.Point> points = models.stream()
                .filter(m -> m.releaseDate != null && flops(m) != null)
                .map(m -> new ComputeTrendFit.Point(m.id, m.releaseDate, flops(m)))
                .toList();
        ComputeTrendFit.Fit fit = ComputeTrendFit.fit(points);
        ComputeTrend trend = fit == null ? null
                : new ComputeTrend(fit.points(), fit.fromYear(), fit.toYear(),
                        (int) Math.floor(fit.fromYear()) + "-" + (int) Math.floor(fit.toYear()), fit.doublingsPerYear(),
                        fit.doublingTimeMonths(), fit.rSquared(),
                        "Ordinary least squares of log2(training FLOP) on release date (fractional years) over every catalog "
                                + "model with both; FLOP = published figure where the source gives one, else 6 x active "
                                + "parameters x training tokens (Kaplan et al. 2020). Doubling time = 12 / slope months.",
                        points.stream().map(ComputeTrendFit.Point::modelId).sorted().toList());
        return new History(out, trend);
    }

    static Double flops(Model m) {
        return TrainingCompute.trainingFlops(m.trainingFlops, m.trainingPfDays, m.parameters, m.activeParameters, m.trainingTokens);
    }
}
