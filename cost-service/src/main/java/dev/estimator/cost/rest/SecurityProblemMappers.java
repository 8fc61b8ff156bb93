package dev.estimator.cost.rest;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.estimator.chassis.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A refused write as problem+json, as the gateway answers it: Quarkus' own mappers for these types (which win over the
 * chassis' RuntimeException mapper, being more specific) answer without a body.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("This operation needs a bearer token with role admin (Authorization: Bearer <JWT>).");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("The bearer token was rejected (signature, issuer or expiry).");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "forbidden", "Forbidden", "Your token lacks role admin, which edits need.", List.of())
                .toResponse();
    }

    private static Response unauthenticated(String detail) {
        return Response.fromResponse(Problem.of(401, "unauthorized", "Unauthorized", detail, List.of()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
