package dev.estimator.chassis.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class OutcomeStoreTest {

    private static OutcomeStore.Outcome from(int partition, long offset) {
        return new OutcomeStore.Outcome("s-1", null, "DONE", "{}", Instant.EPOCH, partition, offset);
    }

    @Test
    void theRecordThatStoredAnOutcomePublishesItAgainAndNoOtherRecordDoes() {
        OutcomeStore.Outcome stored = from(2, 100);
        assertTrue(OutcomeStore.isSameRecord(stored, from(2, 100)), "redelivery of the same record: its transaction never committed");
        assertFalse(OutcomeStore.isSameRecord(stored, from(2, 101)), "a later record for the same scenario is a duplicate");
        assertFalse(OutcomeStore.isSameRecord(stored, from(3, 100)), "same offset, other partition: another record");
    }

    @Test
    void rowsStoredBeforeSourcesWereRecordedArePublishedAsBefore() {
        assertTrue(OutcomeStore.isSameRecord(from(-1, -1), from(0, 5)));
    }
}
