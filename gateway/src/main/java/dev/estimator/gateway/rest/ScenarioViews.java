package dev.estimator.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.gateway.domain.Scenario;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code GET /scenarios/{id}}: {id, status, request, estimate?, stage?, errors?} assembled from the registry row. */
@ApplicationScoped
public class ScenarioViews {

    @Inject
    ObjectMapper json;

    public ObjectNode view(Scenario s, boolean withRequest) {
        ObjectNode view = json.createObjectNode();
        view.put("id", s.id);
        view.put("sweepId", s.sweepId);
        if (s.sweepIndex != null) {
            view.put("sweepIndex", s.sweepIndex);
            view.set("variant", read(s.variant));
        }
        view.put("status", s.status.name());
        view.put("submittedAt", s.submittedAt.toString());
        view.put("finishedAt", s.finishedAt == null ? null : s.finishedAt.toString());
        if (withRequest) {
            view.set("request", read(s.request));
        }
        if (s.status == Scenario.Status.COMPLETED) {
            view.set("estimate", read(s.result));
        } else if (s.status == Scenario.Status.REJECTED) {
            JsonNode rejection = read(s.result);
            view.put("stage", rejection.path("stage").asText(null));
            view.set("errors", rejection.path("errors"));
        }
        return view;
    }

    JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Corrupt registry row", e);
        }
    }
}
