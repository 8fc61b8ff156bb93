package dev.estimator.compute.service;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.compute.domain.ComputeEstimate;
import dev.estimator.compute.estimate.DefaultUtilization;
import dev.estimator.compute.estimate.TrainingComputeCalculator;
import dev.estimator.compute.messaging.ComputeBlock;
import dev.estimator.compute.messaging.ScenarioComputed;
import dev.estimator.compute.messaging.ScenarioResolved;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Computes a resolved scenario once and stores the outcome; redelivery returns the stored outcome. */
@ApplicationScoped
public class ComputeEstimationService {

    @Inject
    ObjectMapper json;

    private final Clock clock = Clock.systemUTC();

    @WithTransaction
    public Uni<ComputeEstimate> computeAndStore(ScenarioResolved scenario) {
        return ComputeEstimate.<ComputeEstimate>findById(scenario.scenarioId())
                .onItem().ifNull().switchTo(() -> {
                    ComputeEstimate stored = new ComputeEstimate();
                    stored.scenarioId = scenario.scenarioId();
                    stored.sweepId = scenario.sweepId();
                    stored.createdAt = clock.instant();
                    stored.outcome = ComputeEstimate.Outcome.COMPUTED;
                    stored.event = write(compute(scenario, stored.createdAt));
                    return stored.<ComputeEstimate>persist();
                });
    }

    /** Pure: the computed event for a resolved scenario. */
    public ScenarioComputed compute(ScenarioResolved s, Instant now) {
        double flops = TrainingComputeCalculator.trainingFlops(s.model().activeParameters(), s.training().tokens(),
                s.training().epochs());
        boolean userGiven = s.training().utilization() != null;
        double utilization = userGiven ? s.training().utilization()
                : DefaultUtilization.forAccelerator(s.hardware().accelerator());
        double hours = TrainingComputeCalculator.acceleratorHours(flops, s.hardware().peakFlops(), utilization);
        Integer count = s.hardware().count();
        Double days = null;
        if (count != null) {
            days = TrainingComputeCalculator.wallClockDays(hours, count);
        } else if (s.hardware().deadlineDays() != null) {
            count = TrainingComputeCalculator.acceleratorsForDeadline(hours, s.hardware().deadlineDays());
            days = TrainingComputeCalculator.wallClockDays(hours, count);
        }
        // Skeleton band: +-25% utilization; calibrated profiles give per-family bands.
        var range = new ComputeBlock.Range(hours / 1.25, hours / 0.75);
        var compute = new ComputeBlock(flops, TrainingComputeCalculator.pfDays(flops), utilization,
                userGiven ? "user" : "default:" + s.hardware().accelerator(), hours, range, count, days);
        return new ScenarioComputed(s.scenarioId(), s.sweepId(), s.submittedAt(), s.resolvedAt(), now, s.name(), s.model(),
                s.training(), s.hardware(), s.pricing(), s.serving(), s.programme(), compute);
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
