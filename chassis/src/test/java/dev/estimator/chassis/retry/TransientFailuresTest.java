package dev.estimator.chassis.retry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;

import io.vertx.pgclient.PgException;

class TransientFailuresTest {

    @Test
    void theDatabaseGoingAwayIsWaitedOut() {
        assertTrue(TransientFailures.isTransient(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertTrue(TransientFailures.isTransient(new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertTrue(TransientFailures.isTransient(new PgException("connection failure", "FATAL", "08006", null)));
        assertTrue(TransientFailures.isTransient(new PgException("too many connections", "FATAL", "53300", null)));
        assertTrue(TransientFailures.isTransient(new CompletionException(new ConnectException("Connection refused"))));
    }

    @Test
    void theBrokerGoingAwayIsWaitedOut() {
        assertTrue(TransientFailures.isTransient(new TimeoutException("Expiring 12 record(s)")));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("wrapped", new TimeoutException("metadata"))));
    }

    @Test
    void aBadRecordOrABugIsNot() {
        assertFalse(TransientFailures.isTransient(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(TransientFailures.isTransient(new PgException("value too long", "ERROR", "22001", null)));
        assertFalse(TransientFailures.isTransient(new RecordTooLargeException("too large")));
        assertFalse(TransientFailures.isTransient(new JsonParseException(null, "Unexpected character")));
        assertFalse(TransientFailures.isTransient(new IllegalArgumentException("bad")));
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
    }
}
