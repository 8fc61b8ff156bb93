package dev.estimator.cost.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.store.OutcomeStore;
import dev.estimator.cost.estimate.CostCalculator;
import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.event.OutcomeRecords;
import dev.estimator.cost.event.ScenarioComputed;
import dev.estimator.cost.event.ScenarioRejected;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prices computed scenarios once and stores each outcome under its scenario id (table {@code cost_estimate}, through
 * the chassis {@link OutcomeStore}). The record that stored an outcome publishes it, again if it is delivered again; a second
 * record for the same scenario (an upstream re-send, a replay) gets the stored outcome back and publishes nothing.
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
    OutcomeStore estimates;

    private final Clock clock = Clock.systemUTC();
    private ScenarioPricer pricer;

    /** A computed scenario and where it was read: the outcome remembers the record that produced it. */
    public record Delivery(ScenarioComputed scenario, int partition, long offset) {
    }

    @PostConstruct
    void init() {
        pricer = new ScenarioPricer(new CostCalculator(config.ownershipParameters(), config.uncertaintyParameters()),
                config.uncertainty().samples());
    }

    /**
     * Prices the batch against the cached price book and stores every outcome with one statement that skips ids
     * already stored ({@code on conflict do nothing}): the common path (all new) is a single round trip, and two
     * replicas storing the same id at once (a rebalance) no longer fail the batch. Ids stored before keep their
     * stored outcome, which is returned instead of the new one, with the store's verdict on whether this delivery
     * publishes it ({@link OutcomeStore.Stored#publish()}). Returns one outcome per distinct id, in input order; the
     * first delivery of an id in the batch stands for it.
     */
    public Uni<List<OutcomeStore.Stored>> priceAndStore(List<Delivery> deliveries) {
        Collection<Delivery> distinct = deliveries.stream().collect(Collectors.toMap(d -> d.scenario().scenarioId(),
                Function.identity(), (first, later) -> first, LinkedHashMap::new)).values();
        // PostgreSQL keeps microseconds: the first send must carry the same ce_time as a later re-send from the row
        // (catalog and compute truncate the same way).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return referenceData.current(now).chain(ref -> priceAll(distinct, ref, now))
                .chain(outcomes -> estimates.insertOrRead(List.copyOf(outcomes.values())))
                .map(stored -> List.copyOf(stored.values()));
    }

    /**
     * Prices against the snapshot; if some scenario would be rejected, re-prices those against a snapshot at most
     * {@code cost.reference-data.reload-on-miss-after} old first, because a rejection is stored for good
     * and the missing price may just have been added through another replica.
     */
    private Uni<Map<String, OutcomeStore.Outcome>> priceAll(Collection<Delivery> deliveries, ReferenceData ref, Instant now) {
        Map<String, OutcomeStore.Outcome> outcomes = new LinkedHashMap<>();
        List<Delivery> rejected = new ArrayList<>();
        for (Delivery d : deliveries) {
            OutcomeStore.Outcome o = toRow(d, pricer.price(d.scenario(), ref, now), now);
            outcomes.put(o.scenarioId(), o);
            if (OutcomeRecords.REJECTED.equals(o.kind())) {
                rejected.add(d);
            }
        }
        if (rejected.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return referenceData.notOlderThan(config.referenceData().reloadOnMissAfter(), now).map(fresh -> {
            if (fresh != ref) {
                rejected.forEach(d -> outcomes.put(d.scenario().scenarioId(), toRow(d, pricer.price(d.scenario(), fresh, now), now)));
            }
            return outcomes;
        });
    }

    /**
     * Prices without storing (POST /quote): the same pricer and price book as the consumer, so both give the same
     * answer. Without a scenario id a random one seeds the range; what the pricer would reject is invalid input.
     */
    public Uni<Estimate> quote(ScenarioComputed body) {
        ScenarioComputed scenario = body.scenarioId() != null && !body.scenarioId().isBlank() ? body
                : new ScenarioComputed(UUID.randomUUID().toString(), body.sweepId(), body.name(), body.hardware(),
                        body.pricing(), body.serving(), body.programme(), body.compute());
        Instant now = clock.instant();
        return referenceData.current(now).map(ref -> {
            PricingOutcome outcome = pricer.price(scenario, ref, now);
            if (outcome instanceof PricingOutcome.Rejected rejected) {
                throw new InvalidInputException(rejected.errors().stream()
                        .map(e -> new InvalidInputException.Violation(e.field(), e.message())).toList());
            }
            return ((PricingOutcome.Priced) outcome).estimate();
        });
    }

    private OutcomeStore.Outcome toRow(Delivery delivery, PricingOutcome outcome, Instant now) {
        ScenarioComputed s = delivery.scenario();
        String kind;
        String event;
        if (outcome instanceof PricingOutcome.Priced priced) {
            kind = OutcomeRecords.COMPLETED;
            event = write(priced.estimate());
        } else {
            kind = OutcomeRecords.REJECTED;
            event = write(new ScenarioRejected(s.scenarioId(), s.sweepId(), STAGE,
                    ((PricingOutcome.Rejected) outcome).errors(), now));
        }
        return new OutcomeStore.Outcome(s.scenarioId(), s.sweepId(), kind, event, now, delivery.partition(),
                delivery.offset());
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
