package dev.estimator.gateway.rest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.service.StreamLimitException;
import dev.estimator.gateway.service.StreamSubscriptions;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Takes a stream place for the caller (token subject, else address) before an SSE stream opens, so a refusal is still
 * an ordinary answer: 429 over the per-client limit, 503 over the replica's, problem+json with Retry-After. The place
 * travels to the resource in the routing context, which gives it back when the stream ends.
 */
public class StreamLimitFilter {

    /** Routing-context key of the request's {@link StreamSubscriptions.Slot}. */
    static final String SLOT = StreamLimitFilter.class.getName() + ".slot";

    @Inject
    StreamSubscriptions subscriptions;

    @Inject
    CurrentIdentityAssociation identities;

    @StreamLimited
    @ServerRequestFilter
    public Uni<Response> open(HttpServerRequest request, RoutingContext routing) {
        // Authentication is lazy (quarkus.http.auth.proactive=false): the identity is resolved here, without blocking.
        return identities.getDeferredIdentity().map(identity -> {
            try {
                routing.put(SLOT, subscriptions.open(Callers.id(identity, request)));
                return null;
            } catch (StreamLimitException e) {
                return refused(e);
            }
        });
    }

    static Response refused(StreamLimitException e) {
        Problem problem = e.perClient()
                ? new Problem(Problem.TYPE_PREFIX + "too-many-streams", "Too Many Requests", 429, "You already have " + e.limit()
                        + " estimate streams open on this gateway (the most one client may hold). Close one, or filter a single "
                        + "stream by sweepId or scenarioId instead of opening several.", null, null)
                : new Problem(Problem.TYPE_PREFIX + "streams-full", "Service Unavailable", 503, "This gateway serves the most "
                        + "estimate streams it may (" + e.limit() + "). Retry after the delay given; finished estimates stay readable "
                        + "from /api/v1/sweeps/{id}/estimates and /api/v1/scenarios/{id}.", null, null);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }
}
