package dev.estimator.catalog.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.catalog.event.ScenarioSubmitted;
import dev.estimator.catalog.event.UnparseableEventException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks the JSON types of the sections the catalog carries through without reading them (pricing, serving,
 * programme) against the published schema of {@code scenarios.submitted} (docs/events, packaged as
 * {@code events/scenarios.submitted.schema.json}). The gateway only publishes scenarios of that shape, but anything
 * may be produced onto the topic: a section with a value of the wrong type (a currency that is an object) would pass
 * the catalog and compute-service untouched and fail in cost-service, two topics downstream of its cause. Caught
 * here, it is dead-lettered from the topic it came in on, like any other value that is not a scenario.
 * <p>
 * Only types are checked (type, properties, items): values of the right type but out of range, unknown enum values
 * and unknown fields stay the business of the stage that reads them, which rejects them with a reason.
 */
@ApplicationScoped
public class CarriedSectionTypes {

    static final String SCHEMA = "events/scenarios.submitted.schema.json";
    static final Set<String> SECTIONS = Set.of("pricing", "serving", "programme");
    /** The keywords kept: what says which JSON type a value has, and where the values are. */
    private static final Set<String> TYPE_KEYWORDS = Set.of("type", "properties", "items", "$ref", "$defs", "anyOf", "oneOf", "$schema", "$id");

    private final ObjectMapper json;
    private final Validator validator;

    CarriedSectionTypes(ObjectMapper json) {
        this.json = json;
        this.validator = Validator.create(JsonSchema.of(typesOnly(load())), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://estimator.dev/events/").setOutputFormat(OutputFormat.Basic));
    }

    /** @throws UnparseableEventException naming the first value of the wrong type */
    void check(ScenarioSubmitted submitted) {
        JsonObject sections = new JsonObject();
        put(sections, "pricing", submitted.pricing());
        put(sections, "serving", submitted.serving());
        put(sections, "programme", submitted.programme());
        OutputUnit result = validator.validate(sections);
        if (!result.getValid()) {
            String where = result.getErrors() == null || result.getErrors().isEmpty() ? "" : result.getErrors().stream()
                    .map(e -> e.getInstanceLocation() + ": " + e.getError()).limit(3).collect(Collectors.joining("; "));
            throw new UnparseableEventException("Not a scenario: a section carried through has a value of the wrong type (" + where + ")",
                    null);
        }
    }

    private void put(JsonObject sections, String name, JsonNode node) {
        if (node != null && !node.isMissingNode()) {
            sections.put(name, node.isNull() ? null : toVertx(node));
        }
    }

    private Object toVertx(JsonNode node) {
        // Through text: exact for every JSON value, and the sections are small.
        try {
            String text = json.writeValueAsString(node);
            return node.isObject() ? new JsonObject(text) : node.isArray() ? new JsonArray(text) : json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the classpath (catalog-service/pom.xml packages docs/events)");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the carried sections alone, none required, with only the keywords that say types. */
    static JsonObject typesOnly(JsonObject schema) {
        JsonObject root = strip(schema);
        JsonObject properties = root.getJsonObject("properties", new JsonObject());
        JsonObject kept = new JsonObject();
        for (String section : SECTIONS) {
            if (properties.containsKey(section)) {
                kept.put(section, properties.getValue(section));
            }
        }
        return root.put("properties", kept);
    }

    private static JsonObject strip(JsonObject schema) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : schema) {
            if (!TYPE_KEYWORDS.contains(e.getKey())) {
                continue;
            }
            Object value = e.getValue();
            if (e.getKey().equals("properties") || e.getKey().equals("$defs")) {
                JsonObject children = new JsonObject();
                ((JsonObject) value).forEach(c -> children.put(c.getKey(), c.getValue() instanceof JsonObject o ? strip(o) : c.getValue()));
                value = children;
            } else if (value instanceof JsonObject o) {
                value = strip(o);
            } else if (value instanceof JsonArray a && (e.getKey().equals("anyOf") || e.getKey().equals("oneOf"))) {
                JsonArray items = new JsonArray();
                a.forEach(x -> items.add(x instanceof JsonObject o ? strip(o) : x));
                value = items;
            }
            // oneOf becomes anyOf: once their value constraints are gone, two branches may both match a valid value.
            out.put(e.getKey().equals("oneOf") ? "anyOf" : e.getKey(), value);
        }
        return out;
    }
}
