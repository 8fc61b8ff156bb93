package dev.estimator.gateway.rest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.estimator.gateway.service.SubmissionRateLimiter;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;

/**
 * Charges every submission to its caller's rate limit before the body is read and validated, so a client that sends
 * invalid bodies in a loop is limited like any other, and pays before the gateway parses up to the body size limit.
 */
public class RateLimitFilter {

    @Inject
    SubmissionRateLimiter limiter;

    @Inject
    CurrentIdentityAssociation identities;

    @RateLimited
    @ServerRequestFilter
    public Uni<Void> charge(HttpServerRequest request) {
        // Authentication is lazy (quarkus.http.auth.proactive=false): the identity is resolved here, without blocking.
        return identities.getDeferredIdentity().invoke(identity -> limiter.acquire(Callers.id(identity, request)))
                .replaceWithVoid();
    }
}
