package dev.estimator.gateway.rest;

import java.util.List;

import dev.estimator.chassis.rest.Problem;
import dev.estimator.gateway.client.BackendReply;
import jakarta.ws.rs.core.Response;

/**
 * Passes a backend's answer through, with its Location rewritten to the public /api/v1 path. A backend's 4xx is the
 * client's mistake and stays a 4xx: a problem+json is passed on as the backend wrote it (its errors[] name what to
 * fix); any other 4xx (an empty body, a framework's error page) becomes a problem of the same status, saying nothing of
 * the backend's internals.
 */
final class BackendReplies {

    private BackendReplies() {
    }

    static Response toResponse(BackendReply reply) {
        if (reply.status() >= 400 && !isProblem(reply)) {
            Response.Status known = Response.Status.fromStatusCode(reply.status());
            return ProblemMappers.response(Problem.of(reply.status(), "http-" + reply.status(),
                    known == null ? "Client error" : known.getReasonPhrase(),
                    "The request was refused (HTTP " + reply.status() + ") by the service behind this endpoint.", List.of()));
        }
        Response.ResponseBuilder response = Response.status(reply.status());
        if (reply.body() != null && !reply.body().isEmpty()) {
            response.entity(reply.body()).type(reply.contentType() == null ? "application/json" : reply.contentType());
        }
        if (reply.location() != null) {
            String path = java.net.URI.create(reply.location()).getPath();
            response.header("Location", path.startsWith("/api/v1") ? path : "/api/v1" + path);
        }
        return response.build();
    }

    private static boolean isProblem(BackendReply reply) {
        return reply.body() != null && !reply.body().isBlank() && reply.contentType() != null
                && reply.contentType().toLowerCase().startsWith(Problem.MEDIA_TYPE);
    }
}
