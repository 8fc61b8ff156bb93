package dev.estimator.gateway.rest;

import dev.estimator.gateway.client.BackendReply;
import jakarta.ws.rs.core.Response;

/** Passes a backend's answer through, with its Location rewritten to the public /api/v1 path. */
final class BackendReplies {

    private BackendReplies() {
    }

    static Response toResponse(BackendReply reply) {
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
}
