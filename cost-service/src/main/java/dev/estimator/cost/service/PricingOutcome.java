package dev.estimator.cost.service;

import java.util.List;

import dev.estimator.cost.event.Estimate;
import dev.estimator.cost.event.ScenarioRejected;

/** A scenario is either priced or rejected with the fields at fault. */
public sealed interface PricingOutcome {

    record Priced(Estimate estimate) implements PricingOutcome {
    }

    record Rejected(List<ScenarioRejected.FieldError> errors) implements PricingOutcome {
    }
}
