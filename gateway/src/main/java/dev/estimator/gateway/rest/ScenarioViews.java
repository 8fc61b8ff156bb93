package dev.estimator.gateway.rest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.repository.Scenario;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Registry rows as the API shows them: the JSON the registry keeps (request, variant, event) read into the views. */
@ApplicationScoped
public class ScenarioViews {

    static final TypeReference<Map<String, Object>> VARIANT = new TypeReference<>() {
    };
    static final TypeReference<Map<String, List<Object>>> VARY = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    /** @param withRequest false in sweep exports, whose members share the sweep's base */
    public ScenarioView view(Scenario s, boolean withRequest) {
        ScenarioView.Status status = ScenarioView.Status.valueOf(s.status.name());
        return new ScenarioView(s.id, s.sweepId, s.sweepIndex, s.sweepIndex == null ? null : read(s.variant, VARIANT),
                status, s.submittedAt, s.finishedAt, withRequest ? read(s.request, ScenarioRequest.class) : null,
                status == ScenarioView.Status.COMPLETED ? read(s.result, Estimate.class) : null,
                status == ScenarioView.Status.REJECTED ? read(s.result, Rejection.class) : null);
    }

    /** The stored JSON as a tree (the CSV export picks columns out of it). */
    JsonNode read(String text) {
        return read(text, JsonNode.class);
    }

    <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt registry row", e);
        }
    }

    <T> T read(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt registry row", e);
        }
    }
}
