package dev.estimator.stack;

import java.util.List;

/** The topics of the pipeline (docs/events.md), created up front so every one has the same partitioning. */
public final class Topics {
    public static final String SUBMITTED = "scenarios.submitted";
    public static final String RESOLVED = "scenarios.resolved";
    public static final String COMPUTED = "scenarios.computed";
    public static final String ESTIMATES = "estimates";
    public static final String REJECTED = "scenarios.rejected";

    /** Main topics plus the dead-letter topic of every consumed one. */
    public static final List<String> ALL = List.of(
            SUBMITTED, RESOLVED, COMPUTED, ESTIMATES, REJECTED,
            SUBMITTED + ".dlq", RESOLVED + ".dlq", COMPUTED + ".dlq", ESTIMATES + ".dlq", REJECTED + ".dlq");

    private Topics() {
    }
}
