package dev.estimator.gateway.rest;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Every error leaves as RFC 9457 problem+json; only a genuine server fault is a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e.problem());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return response(Problem.validation(java.util.List.of(new Problem.FieldError("body",
                "is not valid JSON: " + e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return response(Problem.of(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return response(Problem.of(500, "Internal Server Error", "An unexpected error occurred; it has been logged."));
    }

    static Response response(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
