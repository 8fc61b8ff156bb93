package dev.estimator.cost.estimate;

import java.util.List;

/**
 * A priced scenario in the asked currency. {@code ownership} and {@code ownCloudSaving} are NaN when the
 * accelerator's purchase price is unknown; {@code per1MTokens} is NaN when nothing is served. {@code servingOwnership}
 * and {@code servingOwnCloudSaving} are serving on an own cloud and what it saves against renting (NaN without a
 * purchase price or without serving); {@code breakEvenMonths} is when owning the cluster has paid for itself over
 * training and serving (NaN when it never does within the serving horizon, or cannot be computed).
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
        List<Item> breakdown,
        double servingOwnership,
        double servingOwnCloudSaving,
        double breakEvenMonths,
        double staff) {

    /** One line of the breakdown. */
    public record Item(String item, double amount) {
    }
}
