package dev.estimator.gateway.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.service.ScenarioSubmissionService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/scenarios")
@Produces(MediaType.APPLICATION_JSON)
public class ScenarioResource {

    @Inject
    ScenarioSubmissionService submissions;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(JsonNode body) {
        ObjectNode request = validate(body);
        return submissions.submit(request, null).map(s -> Response.accepted(new Accepted(s.id, s.status.name()))
                .location(URI.create("/api/v1/scenarios/" + s.id)).build());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<ObjectNode> get(@PathParam("id") String id) {
        return Scenario.<Scenario>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No scenario '" + id + "'"))
                .map(this::view);
    }

    public record Accepted(String id, String status) {
    }

    ObjectNode view(Scenario s) {
        ObjectNode view = json.createObjectNode();
        view.put("id", s.id);
        view.put("sweepId", s.sweepId);
        view.put("status", s.status.name());
        view.put("submittedAt", s.submittedAt.toString());
        view.put("finishedAt", s.finishedAt == null ? null : s.finishedAt.toString());
        view.set("request", read(s.request));
        if (s.status == Scenario.Status.COMPLETED) {
            view.set("estimate", read(s.result));
        } else if (s.status == Scenario.Status.REJECTED) {
            JsonNode rejection = read(s.result);
            view.put("stage", rejection.path("stage").asText(null));
            view.set("errors", rejection.path("errors"));
        }
        return view;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Corrupt registry row", e);
        }
    }

    /** Shape checks the gateway can do alone; catalog-service checks the numbers against the catalog. */
    static ObjectNode validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.validation("body", "must be a JSON object (a scenario request)");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        JsonNode model = body.get("model");
        if (model == null || !model.isObject()) {
            errors.add(new Problem.FieldError("model", "is required: {\"ref\": ...} or an inline model"));
        }
        JsonNode hardware = body.get("hardware");
        if (hardware == null || !hardware.isObject() || !hardware.path("accelerator").isTextual()) {
            errors.add(new Problem.FieldError("hardware.accelerator", "is required (an accelerator id such as nvidia-h100-sxm)"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors));
        }
        return (ObjectNode) body;
    }
}
