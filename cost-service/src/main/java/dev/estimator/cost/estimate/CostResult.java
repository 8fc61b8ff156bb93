package dev.estimator.cost.estimate;

import java.util.List;

/**
 * A priced scenario in the asked currency. {@code ownership} and {@code ownCloudSaving} are NaN when the
 * accelerator's purchase price is unknown; {@code per1MTokens} is NaN when nothing is served.
 */
public record CostResult(
        double cloud,
        double ownership,
        double ownCloudSaving,
        double servingTotal,
        double per1MTokens,
        double programmeTotal,
        double p10,
        double p50,
        double p90,
        List<Item> breakdown) {

    /** One line of the breakdown. */
    public record Item(String item, double amount) {
    }
}
