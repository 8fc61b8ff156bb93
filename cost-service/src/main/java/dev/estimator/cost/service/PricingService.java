package dev.estimator.cost.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.cost.domain.CostEstimate;
import dev.estimator.cost.domain.PriceBookEntry;
import dev.estimator.cost.messaging.Estimate;
import dev.estimator.cost.messaging.ScenarioComputed;
import dev.estimator.cost.messaging.ScenarioRejected;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prices a computed scenario once and stores the final estimate; redelivery returns the stored one. */
@ApplicationScoped
public class PricingService {

    public static final String STAGE = "cost";
    static final String DEFAULT_PRICING_MODEL = "on-demand";

    @Inject
    ObjectMapper json;

    private final Clock clock = Clock.systemUTC();

    @WithTransaction
    public Uni<CostEstimate> priceAndStore(ScenarioComputed scenario) {
        return CostEstimate.<CostEstimate>findById(scenario.scenarioId())
                .onItem().ifNull().switchTo(() -> price(scenario).chain(stored -> stored.<CostEstimate>persist()));
    }

    private Uni<CostEstimate> price(ScenarioComputed s) {
        CostEstimate stored = new CostEstimate();
        stored.scenarioId = s.scenarioId();
        stored.sweepId = s.sweepId();
        stored.createdAt = clock.instant();
        var pricing = s.pricing();
        if (pricing != null && pricing.pricePerAcceleratorHour() != null) {
            stored.outcome = CostEstimate.Outcome.COMPLETED;
            stored.event = write(estimate(s, pricing.pricePerAcceleratorHour(), "user-given price per accelerator-hour",
                    stored.createdAt));
            return Uni.createFrom().item(stored);
        }
        String provider = pricing == null ? null : pricing.provider();
        String model = pricing == null || pricing.model() == null ? DEFAULT_PRICING_MODEL : pricing.model();
        String accelerator = s.hardware().accelerator();
        return PriceBookEntry.<PriceBookEntry>find("provider = ?1 and accelerator = ?2 and pricingModel = ?3",
                Sort.descending("validFrom"), provider, accelerator, model).firstResult()
                .chain(entry -> {
                    if (entry != null) {
                        stored.outcome = CostEstimate.Outcome.COMPLETED;
                        stored.event = write(estimate(s, entry.pricePerHour, entry.source, stored.createdAt));
                        return Uni.createFrom().item(stored);
                    }
                    return providersPricing(accelerator).map(providers -> {
                        stored.outcome = CostEstimate.Outcome.REJECTED;
                        String message = "no " + model + " price for " + accelerator + " at '" + provider + "'"
                                + (providers.isEmpty() ? "; no provider prices this accelerator"
                                        : "; providers that price it: " + String.join(", ", providers));
                        stored.event = write(new ScenarioRejected(s.scenarioId(), s.sweepId(), STAGE,
                                List.of(new ScenarioRejected.FieldError("pricing.provider", message)), stored.createdAt));
                        return stored;
                    });
                });
    }

    private Uni<List<String>> providersPricing(String accelerator) {
        return PriceBookEntry.<PriceBookEntry>list("accelerator", accelerator)
                .map(entries -> entries.stream().map(e -> e.provider).distinct().sorted().toList());
    }

    private Estimate estimate(ScenarioComputed s, double pricePerHour, String source, Instant now) {
        double gpuHours = s.compute().path("gpuHours").asDouble();
        double cloud = gpuHours * pricePerHour;
        var cost = new Estimate.Cost("USD", new Estimate.Training(cloud, null, null), new Estimate.Serving(0, null),
                new Estimate.Programme(cloud), new Estimate.Range(cloud, cloud, cloud),
                List.of(new Estimate.BreakdownItem("training: cloud rental", cloud)), source);
        return new Estimate(s.scenarioId(), s.sweepId(), s.name(), "COMPLETED", now, s.compute(), cost);
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
