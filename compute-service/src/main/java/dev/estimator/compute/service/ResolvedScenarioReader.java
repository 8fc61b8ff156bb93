package dev.estimator.compute.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.compute.event.ScenarioResolved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Parses a scenarios.resolved value (Kafka) or a POST /estimates body (REST) the same way. */
@ApplicationScoped
public class ResolvedScenarioReader {

    @Inject
    ObjectMapper json;

    public ParsedScenario read(String value) {
        if (value == null || value.isBlank()) {
            throw new UnparseableScenarioException("value", "Empty value: expected a resolved scenario (JSON object)", null);
        }
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnparseableScenarioException("value", "Not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new UnparseableScenarioException("value", "Expected a JSON object (a resolved scenario)", null);
        }
        return read(object);
    }

    /** The typed view of a JSON object; the object itself is kept, to be passed through to scenarios.computed. */
    public ParsedScenario read(ObjectNode object) {
        try {
            return new ParsedScenario(json.treeToValue(object, ScenarioResolved.class), object);
        } catch (JsonMappingException e) {
            throw new UnparseableScenarioException(path(e), "Wrong type: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new UnparseableScenarioException("value", e.getOriginalMessage(), e);
        }
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "value" : path.toString();
    }
}
