package dev.estimator.gateway.service;

import java.util.List;
import java.util.regex.Pattern;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.chassis.rest.ProblemException;


/**
 * The one Idempotency-Key policy of every submission endpoint (scenarios and sweeps): the same key and
 * request from the same client return the first result; the same key with another request is a 422.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private IdempotencyKeys() {
    }

    /** @throws ProblemException 400 naming the header, for keys that could not be stored or echoed safely */
    public static void validate(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw ProblemException.validation(HEADER, "must be 1 to 200 visible ASCII characters");
        }
    }

    /** Keys are chosen by clients, so two clients may pick the same one: the stored key includes the client. */
    public static String scoped(String clientId, String key) {
        return clientId + ":" + key;
    }

    /** @param what "scenario" or "sweep", with the id the key was first used for */
    public static ProblemException reused(String what, String firstId) {
        return new ProblemException(new Problem("https://estimator.dev/problems/idempotency-key-reused",
                "Idempotency-Key reused with another request", 422,
                "This Idempotency-Key was first used for " + what + " " + firstId + " with a different request body; "
                        + "use a new key for a new request.",
                null, List.of(new Problem.FieldError(HEADER, "was already used with a different request body"))));
    }

    /** A concurrent request with the same key won the unique index (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }
}
