package dev.estimator.catalog.service;

import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.domain.Accelerator;
import dev.estimator.catalog.domain.StoredScenario;
import dev.estimator.catalog.messaging.ScenarioRejected;
import dev.estimator.catalog.messaging.ScenarioSubmitted;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves a submitted scenario once and stores the outcome in the same transaction; a redelivered
 * submission returns the stored outcome unchanged, so the event sent again is identical.
 */
@ApplicationScoped
public class ScenarioResolutionService {

    public static final String STAGE = "catalog";

    @Inject
    ObjectMapper json;

    private final Clock clock = Clock.systemUTC();

    @WithTransaction
    public Uni<StoredScenario> resolve(ScenarioSubmitted submitted) {
        return StoredScenario.<StoredScenario>findById(submitted.scenarioId())
                .onItem().ifNull().switchTo(() -> resolveAndStore(submitted));
    }

    private Uni<StoredScenario> resolveAndStore(ScenarioSubmitted submitted) {
        String acceleratorId = submitted.hardware() == null ? null : submitted.hardware().accelerator();
        Uni<Accelerator> accelerator = acceleratorId == null ? Uni.createFrom().nullItem()
                : Accelerator.findById(acceleratorId);
        return accelerator.chain(acc -> knownAcceleratorIds(acc).chain(known -> {
            ScenarioResolver.Result result = new ScenarioResolver(clock).resolve(submitted, acc, known);
            StoredScenario stored = new StoredScenario();
            stored.scenarioId = submitted.scenarioId();
            stored.sweepId = submitted.sweepId();
            stored.createdAt = clock.instant();
            if (result instanceof ScenarioResolver.Resolved resolved) {
                stored.outcome = StoredScenario.Outcome.RESOLVED;
                stored.event = write(resolved.event());
            } else {
                stored.outcome = StoredScenario.Outcome.REJECTED;
                stored.event = write(new ScenarioRejected(submitted.scenarioId(), submitted.sweepId(), STAGE,
                        ((ScenarioResolver.Rejected) result).errors(), clock.instant()));
            }
            return stored.<StoredScenario>persist();
        }));
    }

    /** Only needed for "did you mean" when the accelerator is unknown. */
    private Uni<List<String>> knownAcceleratorIds(Accelerator found) {
        if (found != null) {
            return Uni.createFrom().item(List.of());
        }
        return Accelerator.<Accelerator>listAll().map(all -> all.stream().map(a -> a.id).toList());
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }
}
