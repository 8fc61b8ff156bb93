package dev.estimator.gateway.service;

import java.util.regex.Pattern;

import dev.estimator.chassis.error.InvalidInputException;
import io.smallrye.mutiny.Uni;

/**
 * The one Idempotency-Key policy of every submission endpoint (scenarios and sweeps): the same key and
 * request from the same client return the first result; the same key with another request is refused
 * ({@link IdempotencyKeyReusedException}).
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private IdempotencyKeys() {
    }

    /** @throws InvalidInputException naming the header, for keys that could not be stored or echoed safely */
    public static void validate(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw InvalidInputException.of(HEADER, "must be 1 to 200 visible ASCII characters");
        }
    }

    /** Keys are chosen by clients, so two clients may pick the same one: the stored key includes the client. */
    public static String scoped(String clientId, String key) {
        return clientId + ":" + key;
    }

    /**
     * The first submission under a key, or a failure if it was made with another request.
     *
     * @param what      "scenario" or "sweep"
     * @param firstHash the stored request hash of the first submission
     */
    static <T> Uni<T> replay(T first, String what, String firstId, String firstHash, String hash) {
        return hash.equals(firstHash) ? Uni.createFrom().item(first)
                : Uni.createFrom().failure(new IdempotencyKeyReusedException(what, firstId));
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
