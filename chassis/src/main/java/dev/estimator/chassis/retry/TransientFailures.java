package dev.estimator.chassis.retry;

import java.io.IOException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;

import io.vertx.pgclient.PgException;

/**
 * Tells a failure that waiting cures (the database or the broker is down, restarting, slow or overloaded) from
 * one that no retry can fix (a bad record, a bug). Only the second kind may ever reach a dead-letter topic.
 */
public final class TransientFailures {

    /**
     * SQLSTATE classes and codes that describe the server, not the statement: 08 connection exceptions, 53
     * insufficient resources, 57P01-57P05 shutdown/crash/recovery, 40001/40P01 serialization and deadlock, 55P03
     * lock not available, 58 system errors.
     */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> TRANSIENT_SQLSTATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05",
            "40001", "40P01", "55P03", "57014");

    /** Class names from libraries this module does not depend on at compile time (Vert.x SQL, Netty, Hibernate). */
    private static final Set<String> TRANSIENT_CLASS_NAMES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.VertxException",
            "io.netty.channel.ConnectTimeoutException",
            "io.netty.channel.AbstractChannel$AnnotatedConnectException",
            "io.vertx.core.http.ConnectionPoolTooBusyException",
            "io.vertx.core.impl.NoStackTraceTimeoutException",
            "io.vertx.core.impl.NoStackTraceThrowable",
            "org.hibernate.reactive.exception.ConnectionClosedException");

    private TransientFailures() {
    }

    /** Jackson's parse and mapping errors are IOExceptions too, but about the bytes, which never change on retry. */
    private static boolean isAboutContent(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("com.fasterxml.jackson.") || c == java.io.CharConversionException.class
                    || c == java.io.UnsupportedEncodingException.class) {
                return true;
            }
        }
        return false;
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return TRANSIENT_SQLSTATES.contains(state)
                        || (state.length() >= 2 && TRANSIENT_SQLSTATE_CLASSES.contains(state.substring(0, 2)));
            }
            if (t instanceof RetriableException || (t instanceof IOException && !isAboutContent(t))
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.InterruptException
                    || t instanceof org.apache.kafka.common.errors.DisconnectException
                    || TRANSIENT_CLASS_NAMES.contains(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }
}
