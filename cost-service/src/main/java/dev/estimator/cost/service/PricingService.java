package dev.estimator.cost.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.CostEstimate;
import dev.estimator.cost.domain.CurrencyRate;
import dev.estimator.cost.domain.EnergyPrice;
import dev.estimator.cost.domain.HardwarePrice;
import dev.estimator.cost.domain.PriceBookEntry;
import dev.estimator.cost.estimate.CostCalculator;
import dev.estimator.cost.messaging.ScenarioComputed;
import dev.estimator.cost.messaging.ScenarioRejected;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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

    private final Clock clock = Clock.systemUTC();
    private ScenarioPricer pricer;

    @PostConstruct
    void init() {
        pricer = new ScenarioPricer(new CostCalculator(config.ownershipParameters(), config.uncertaintyParameters()),
                config.uncertainty().samples());
    }

    /**
     * One transaction for a whole batch: read the stored outcomes of these ids, price the others against
     * the price book as it is now, insert them. Returns one stored outcome per distinct id, in input order.
     */
    public Uni<List<CostEstimate>> priceAndStore(List<ScenarioComputed> scenarios) {
        if (scenarios.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Map<String, ScenarioComputed> byId = new LinkedHashMap<>();
        scenarios.forEach(s -> byId.putIfAbsent(s.scenarioId(), s));
        return Panache.withTransaction(() -> CostEstimate.<CostEstimate>list("scenarioId in ?1", List.copyOf(byId.keySet()))
                .chain(stored -> {
                    Map<String, CostEstimate> existing = stored.stream()
                            .collect(Collectors.toMap(e -> e.scenarioId, Function.identity()));
                    List<ScenarioComputed> fresh = byId.values().stream()
                            .filter(s -> !existing.containsKey(s.scenarioId())).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(inOrder(byId, existing));
                    }
                    Set<String> accelerators = fresh.stream().filter(s -> s.hardware() != null && s.hardware().accelerator() != null)
                            .map(s -> s.hardware().accelerator()).collect(Collectors.toSet());
                    return referenceData(accelerators).chain(ref -> {
                        Instant now = clock.instant();
                        List<CostEstimate> created = new ArrayList<>(fresh.size());
                        for (ScenarioComputed s : fresh) {
                            CostEstimate e = store(s, pricer.price(s, ref, now), now);
                            created.add(e);
                            existing.put(e.scenarioId, e);
                        }
                        return CostEstimate.persist(created).replaceWith(() -> inOrder(byId, existing));
                    });
                }))
                // Another replica may have stored one of these ids meanwhile (partition rebalance): the insert then
                // fails on the primary key; one retry finds the stored outcome and re-sends it instead.
                .onFailure().retry().atMost(1);
    }

    /** Prices without storing (POST /quote): the same pricer and price book as the consumer. */
    @WithSession
    public Uni<PricingOutcome> quote(ScenarioComputed scenario) {
        String accelerator = scenario.hardware() == null ? null : scenario.hardware().accelerator();
        return referenceData(accelerator == null ? Set.of() : Set.of(accelerator))
                .map(ref -> pricer.price(scenario, ref, clock.instant()));
    }

    Uni<ReferenceData> referenceData(Set<String> accelerators) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Uni<List<PriceBookEntry>> prices = accelerators.isEmpty() ? Uni.createFrom().item(List.of())
                : PriceBookEntry.list("accelerator in ?1", List.copyOf(accelerators));
        return prices.chain(p -> EnergyPrice.<EnergyPrice>listAll()
                .chain(e -> HardwarePrice.<HardwarePrice>list("accelerator in ?1", accelerators.isEmpty() ? List.of("") : List.copyOf(accelerators))
                        .chain(h -> CurrencyRate.<CurrencyRate>listAll()
                                .map(r -> ReferenceData.of(p, e, h, r, today)))));
    }

    private CostEstimate store(ScenarioComputed s, PricingOutcome outcome, Instant now) {
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

    private static List<CostEstimate> inOrder(Map<String, ScenarioComputed> byId, Map<String, CostEstimate> stored) {
        return byId.keySet().stream().map(stored::get).toList();
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
