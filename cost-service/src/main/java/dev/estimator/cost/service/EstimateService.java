package dev.estimator.cost.service;

import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.cost.event.OutcomeRecords;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Final estimates exactly as they were published on {@code estimates}: the JSON stored with each outcome. */
@ApplicationScoped
public class EstimateService {

    @Inject
    OutcomeStore outcomes;

    /** The estimate of a scenario; a scenario never priced, or rejected, has none. */
    public Uni<String> get(String scenarioId) {
        return outcomes.find(scenarioId).map(found -> {
            OutcomeStore.Outcome outcome = found
                    .orElseThrow(() -> new UnknownIdException("No estimate for scenario '" + scenarioId + "'"));
            if (!OutcomeRecords.COMPLETED.equals(outcome.kind())) {
                throw new UnknownIdException("Scenario '" + scenarioId + "' was rejected by cost-service: " + outcome.event());
            }
            return outcome.event();
        });
    }

    /**
     * Estimates of one sweep ({@code sweepId} null or blank: of every sweep), oldest first.
     *
     * @param page 0-based
     */
    public Uni<Page<String>> list(String sweepId, int page, int size) {
        String sweep = sweepId == null || sweepId.isBlank() ? null : sweepId.trim();
        return outcomes.list(OutcomeRecords.COMPLETED, sweep, (long) page * size, size).map(found -> new Page<>(
                found.items().stream().map(OutcomeStore.Outcome::event).toList(), page, size, found.total()));
    }
}
