package dev.estimator.chassis.rest;

import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the check of the request URI from Quarkus to {@link RequestLineGuard}. Quarkus parses every request's URI
 * before the router and answers a malformed one (an invalid percent-escape, a backslash, a raw NUL) with an empty 400,
 * unless the system property {@value #PROPERTY} is true, which it reads when the HTTP server starts. Nothing else
 * runs early enough to set it in every way a service starts (its jar, tests, dev mode): a configuration source is
 * created with the configuration, before the server. It contributes no property. The guard parses every URI with the
 * same parser Quarkus uses, so no request skips the check; only the answer changes, to a problem+json naming the fault.
 */
public class UriCheckHandover implements ConfigSource {

    static final String PROPERTY = "vertx.disableURIValidation";

    static {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return null;
    }

    @Override
    public String getName() {
        return UriCheckHandover.class.getSimpleName();
    }

    @Override
    public int getOrdinal() {
        // The lowest: it holds nothing, and must never shadow a real source.
        return 0;
    }
}
