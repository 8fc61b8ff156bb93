package dev.estimator.gateway.rest;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the ERROR, with its stack trace, that the REST layer logs when an SSE event cannot be written because the client
 * is gone (it closed the connection, or the gateway closed it for not reading): a client leaving is the normal end of
 * a stream, and a flood of stalled clients would otherwise be a flood of stack traces. Any other failure of the SSE
 * writer is still logged.
 */
@LoggingFilter(name = "sse-client-gone")
public final class SseClientGoneLogFilter implements Filter {

    static final String LOGGER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(LOGGER.equals(record.getLoggerName()) && clientGone(record.getThrown()));
    }

    static boolean clientGone(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            // Broken pipe, connection reset and Netty's closed channel are IOExceptions; Vert.x says "Connection was closed".
            if (t instanceof IOException || "Connection was closed".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
