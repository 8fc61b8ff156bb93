package dev.estimator.gateway.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;

/** Who is calling: the token's subject, else (anonymous) the client address. Keys rate limits and idempotency. */
final class Callers {

    private Callers() {
    }

    static String id(SecurityIdentity identity, HttpServerRequest request) {
        if (identity != null && !identity.isAnonymous()) {
            return "sub:" + identity.getPrincipal().getName();
        }
        return "ip:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    }
}
