package dev.estimator.cost.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.CostEstimate;
import dev.estimator.cost.estimate.CostCalculator;
import dev.estimator.cost.messaging.ScenarioComputed;
import dev.estimator.cost.messaging.ScenarioRejected;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prices computed scenarios once and stores each outcome under its scenario id; a redelivered scenario
 * gets the stored outcome back unchanged.
 */
@ApplicationScoped
public class PricingService {

    public static final String STAGE = "cost";

    @Inject
    ObjectMapper json;

    @Inject
    CostModelConfig config;

    @Inject
    ReferenceDataCache referenceData;

    @Inject
    CostEstimateStore estimates;

    private final Clock clock = Clock.systemUTC();
    private ScenarioPricer pricer;

    @PostConstruct
    void init() {
        pricer = new ScenarioPricer(new CostCalculator(config.ownershipParameters(), config.uncertaintyParameters()),
                config.uncertainty().samples());
    }

    /**
     * Prices the batch against the cached price book and stores every outcome with one statement that skips ids
     * already stored ({@code on conflict do nothing}): the common path (all new) is a single round trip, and two
     * replicas storing the same id at once (a rebalance) no longer fail the batch. Ids stored before keep their
     * stored outcome, which is returned instead of the new one. Returns one outcome per distinct id, in input order.
     */
    public Uni<List<CostEstimate>> priceAndStore(List<ScenarioComputed> scenarios) {
        if (scenarios.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, ScenarioComputed> byId = new LinkedHashMap<>();
        scenarios.forEach(s -> byId.putIfAbsent(s.scenarioId(), s));
        // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row
        // (catalog and compute truncate the same way).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return referenceData.current(now).chain(ref -> priceAll(byId.values(), ref, now))
                .chain(outcomes -> estimates.insertOrRead(List.copyOf(outcomes.values())))
                .map(stored -> List.copyOf(stored.values()));
    }

    /**
     * Prices against the snapshot; if some scenario would be rejected, re-prices those against a snapshot at most
     * {@code estimator.cost.reference-data.reload-on-miss-after} old first, because a rejection is stored for good
     * and the missing price may just have been added through another replica.
     */
    private Uni<Map<String, CostEstimate>> priceAll(Collection<ScenarioComputed> scenarios, ReferenceData ref, Instant now) {
        Map<String, CostEstimate> outcomes = new LinkedHashMap<>();
        List<ScenarioComputed> rejected = new ArrayList<>();
        for (ScenarioComputed s : scenarios) {
            CostEstimate e = toRow(s, pricer.price(s, ref, now), now);
            outcomes.put(s.scenarioId(), e);
            if (e.outcome == CostEstimate.Outcome.REJECTED) {
                rejected.add(s);
            }
        }
        if (rejected.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return referenceData.notOlderThan(config.referenceData().reloadOnMissAfter(), now).map(fresh -> {
            if (fresh != ref) {
                rejected.forEach(s -> outcomes.put(s.scenarioId(), toRow(s, pricer.price(s, fresh, now), now)));
            }
            return outcomes;
        });
    }

    /** Prices without storing (POST /quote): the same pricer and price book as the consumer. */
    public Uni<PricingOutcome> quote(ScenarioComputed scenario) {
        Instant now = clock.instant();
        return referenceData.current(now).map(ref -> pricer.price(scenario, ref, now));
    }

    private CostEstimate toRow(ScenarioComputed s, PricingOutcome outcome, Instant now) {
        CostEstimate stored = new CostEstimate();
        stored.scenarioId = s.scenarioId();
        stored.sweepId = s.sweepId();
        stored.createdAt = now;
        if (outcome instanceof PricingOutcome.Priced priced) {
            stored.outcome = CostEstimate.Outcome.COMPLETED;
            stored.event = write(priced.estimate());
        } else {
            stored.outcome = CostEstimate.Outcome.REJECTED;
            stored.event = write(new ScenarioRejected(s.scenarioId(), s.sweepId(), STAGE,
                    ((PricingOutcome.Rejected) outcome).errors(), now));
        }
        return stored;
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
