package dev.estimator.chassis.lifecycle;

/**
 * Work this replica gives up without committing it (the service is stopping, or its consumer group rebalanced): the
 * records are read again by the next consumer of their partitions. Never a reason to dead-letter anything.
 */
public final class HandedBack extends RuntimeException {

    public HandedBack(String message) {
        super(message, null, false, false);
    }
}
