package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** The REST layer's SSE write errors are dropped from the log only when the client is gone. */
class SseClientGoneLogFilterTest {

    final SseClientGoneLogFilter filter = new SseClientGoneLogFilter();

    @Test
    void dropsOnlyTheSseWritersErrorsForAClientThatLeft() {
        assertFalse(filter.isLoggable(record(SseClientGoneLogFilter.LOGGER, new IOException("Broken pipe"))));
        assertFalse(filter.isLoggable(record(SseClientGoneLogFilter.LOGGER, new ClosedChannelException())));
        assertFalse(filter.isLoggable(record(SseClientGoneLogFilter.LOGGER, new RuntimeException("wrapped", new IOException("Connection reset")))));
        assertTrue(filter.isLoggable(record(SseClientGoneLogFilter.LOGGER, new IllegalStateException("a serializer failed"))),
                "another failure of the SSE writer is still logged");
        assertTrue(filter.isLoggable(record("dev.estimator.gateway.rest.ProblemMappers", new IOException("Broken pipe"))),
                "other loggers are untouched");
        assertTrue(filter.isLoggable(record(SseClientGoneLogFilter.LOGGER, null)));
    }

    private static LogRecord record(String logger, Throwable thrown) {
        LogRecord r = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }
}
