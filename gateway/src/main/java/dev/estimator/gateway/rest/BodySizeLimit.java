package dev.estimator.gateway.rest;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.estimator.chassis.rest.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a declared body above {@code quarkus.http.limits.max-body-size} before reading it, with a
 * 413 problem+json naming {@code body}. (Chunked bodies without a length still hit the server's own limit.)
 */
@ApplicationScoped
public class BodySizeLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        String problem = "{\"type\":\"https://estimator.dev/problems/too-large\",\"title\":\"Payload Too Large\",\"status\":413,"
                + "\"detail\":\"The request body exceeds the gateway's limit of " + limit + " bytes.\","
                + "\"errors\":[{\"field\":\"body\",\"message\":\"is larger than " + limit + " bytes\"}]}";
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isAbove(length, limit)) {
                rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(problem);
                return;
            }
            rc.next();
        }, 100);
    }

    private static boolean isAbove(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
