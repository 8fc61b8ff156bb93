package dev.estimator.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.client.BackendUnavailableException;
import dev.estimator.gateway.service.IdempotencyKeyReusedException;
import dev.estimator.gateway.service.IdempotencyKeys;
import dev.estimator.gateway.service.InvalidRequestException;
import dev.estimator.gateway.service.IdempotencyKeyBusyException;
import dev.estimator.gateway.service.RateLimitedException;
import dev.estimator.gateway.service.ScenarioRequestBinder;
import dev.estimator.gateway.service.SweepTooLargeException;
import dev.estimator.gateway.service.SweepsBusyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Every error leaves as RFC 9457 problem+json; only a genuine server fault is a 500. The chassis' CommonProblemMappers
 * are active too: they answer malformed JSON, and a RuntimeException no mapper here is more specific for (a database
 * outage then is a 503 with Retry-After, not a 500).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return response(Problem.validation(e.errors()));
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return response(new Problem("https://estimator.dev/problems/idempotency-key-reused",
                "Idempotency-Key reused with another request", 422, e.getMessage(), null,
                List.of(new Problem.FieldError(IdempotencyKeys.HEADER, "was already used with a different request body"))));
    }

    @ServerExceptionMapper
    public Response sweepTooLarge(SweepTooLargeException e) {
        return response(new Problem(Problem.TYPE_PREFIX + "sweep-too-large", "Sweep too large", 422, e.getMessage(), null,
                List.of(new Problem.FieldError("vary", "expands to more than the gateway stores for one sweep"))));
    }

    @ServerExceptionMapper
    public Response sweepsBusy(SweepsBusyException e) {
        return builder(new Problem(Problem.TYPE_PREFIX + "sweeps-busy", "Service Unavailable", 503, e.getMessage(), null, null))
                .header("Retry-After", "2").build();
    }

    @ServerExceptionMapper
    public Response idempotencyKeyBusy(IdempotencyKeyBusyException e) {
        return builder(new Problem(Problem.TYPE_PREFIX + "idempotency-key-busy", "Conflict", 409, e.getMessage(), null,
                List.of(new Problem.FieldError(IdempotencyKeys.HEADER, "was in use by a concurrent request"))))
                .header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return builder(new Problem("https://estimator.dev/problems/rate-limited", "Too Many Requests", 429, e.getMessage(), null,
                null)).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    /**
     * A body that is JSON but not the request (a mistyped or unknown field, a string for a number): the request path
     * and what belongs there, without Jackson's Java class names. Ahead of the chassis' mappers of the same types.
     */
    @ServerExceptionMapper(priority = 0)
    public Response mismatched(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper(priority = 0)
    public Response invalidFormat(InvalidFormatException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            // JSON, but not the shape asked for: name the path (the body itself when the top level is wrong).
            return response(Problem.validation(List.of(ScenarioRequestBinder.fieldError(mapping))));
        }
        return response(Problem.validation(List.of(new Problem.FieldError("body",
                "is not valid JSON: " + e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("This operation needs a bearer token (Authorization: Bearer <JWT>).");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("The bearer token was rejected (signature, issuer or expiry).");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return response(new Problem("https://estimator.dev/problems/forbidden", "Forbidden", 403,
                "Your token lacks the role this operation needs (analyst submits scenarios and sweeps; admin edits "
                        + "the catalog and prices and replays dead letters).", null, null));
    }

    @ServerExceptionMapper
    public Response backendUnavailable(BackendUnavailableException e) {
        // The service's name, not the exception's text: that may carry an address.
        LOG.debugf("Answered 503: %s", e);
        return unavailable(e.backend() + " is unavailable.");
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        return unavailable("A backend service is failing; the gateway stopped calling it for a few seconds.");
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e) {
        return unavailable("A backend service did not answer in time.");
    }

    /**
     * Ahead of the chassis' mapper for the same type (CommonProblemMappers): the gateway's 413 names the body field,
     * and an ambiguity between two mappers of one priority would be settled by registration order.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        if (status == 413) {
            return response(new Problem("https://estimator.dev/problems/too-large", "Payload Too Large", 413,
                    "The request body exceeds the gateway's limit.", null, List.of(new Problem.FieldError("body", "is too large"))));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return response(Problem.of(status, known == null ? "Error" : known.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        // Connection refused, DNS and the like from a REST client surface as ProcessingException causes.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof jakarta.ws.rs.ProcessingException
                    || t instanceof BackendUnavailableException) {
                // Their messages name hosts and ports ("Connection refused: /10.0.3.7:8081"): the log has them.
                LOG.warnf("Answered 503: a backend is unreachable (%s)", t);
                return unavailable("A backend service is unreachable.");
            }
        }
        LOG.error("Unexpected failure", e);
        return response(Problem.of(500, "Internal Server Error", "An unexpected error occurred; it has been logged."));
    }

    private static Response unauthenticated(String detail) {
        return builder(new Problem("https://estimator.dev/problems/unauthorized", "Unauthorized", 401, detail, null, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static Response unavailable(String detail) {
        return builder(new Problem("https://estimator.dev/problems/backend-unavailable", "Service Unavailable", 503,
                detail + " Submissions still work; retry reads shortly.", null, null)).header("Retry-After", "5").build();
    }

    static Response response(Problem p) {
        return builder(p).build();
    }

    static Response.ResponseBuilder builder(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p);
    }
}
