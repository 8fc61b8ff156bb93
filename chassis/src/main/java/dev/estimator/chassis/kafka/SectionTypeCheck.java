package dev.estimator.chassis.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * Checks the JSON types of the sections of an event that a stage carries through without reading them, against the
 * published schema that defines them (docs/events, packaged on the stage's classpath). A value of the wrong type there
 * (a currency that is an object) would pass every stage that does not read it and fail in the one that does, topics
 * downstream of its cause; checked where it comes in, it is dead-lettered there, like any value that is not the event.
 * <p>
 * Only types are checked (type, properties, items and references): values of the right type but out of range,
 * unknown enum values and unknown fields stay the business of the stage that reads them, which rejects them with a
 * reason.
 */
public final class SectionTypeCheck {

    /** The keywords kept: what says which JSON type a value has, and where the values are. */
    private static final Set<String> TYPE_KEYWORDS = Set.of("type", "properties", "items", "$ref", "$defs", "anyOf", "oneOf", "$schema", "$id");

    private final Validator validator;
    private final Set<String> sections;

    private SectionTypeCheck(JsonObject schema, Set<String> sections) {
        this.sections = Set.copyOf(sections);
        this.validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://estimator.dev/events/").setOutputFormat(OutputFormat.Basic));
    }

    /**
     * @param schemaResource the classpath resource of the event schema, e.g. {@code events/scenarios.submitted.schema.json}
     * @param sections       the top-level properties to check
     */
    public static SectionTypeCheck of(String schemaResource, Set<String> sections) {
        return new SectionTypeCheck(typesOnly(load(schemaResource), sections), sections);
    }

    /** What is of the wrong type in {@code event}'s sections (up to three places), or empty if nothing is. */
    public Optional<String> problem(JsonNode event) {
        JsonObject sections = new JsonObject();
        if (event != null && event.isObject()) {
            for (String name : this.sections) {
                JsonNode section = event.get(name);
                // A null section is an absent one (the stages write absent sections as null).
                if (section != null && !section.isNull()) {
                    sections.put(name, toVertx(section));
                }
            }
        }
        OutputUnit result = validator.validate(sections);
        if (result.getValid()) {
            return Optional.empty();
        }
        return Optional.of(result.getErrors() == null || result.getErrors().isEmpty() ? "does not match its schema"
                : result.getErrors().stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).limit(3)
                        .collect(Collectors.joining("; ")));
    }

    /**
     * Jackson's tree as the maps, lists and scalars Vert.x's JSON types wrap. Not through Vert.x's JSON codec: it is
     * found with the thread's context class loader, and on a Kafka or event-loop thread of a Quarkus test that is a
     * loader in which Quarkus' codec is "not a subtype" of the codec interface, which failed the class for good.
     */
    private static Object toVertx(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toVertx(e.getValue())));
            return new JsonObject(map);
        }
        if (node.isArray()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            node.forEach(e -> list.add(toVertx(e)));
            return new JsonArray(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
    }

    private static JsonObject load(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : SectionTypeCheck.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath (the service's pom.xml packages docs/events)");
            }
            return (JsonObject) toVertx(new com.fasterxml.jackson.databind.ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the named sections alone, none required, with only the keywords that say types. */
    static JsonObject typesOnly(JsonObject schema, Set<String> sections) {
        JsonObject root = strip(schema);
        JsonObject properties = root.getJsonObject("properties", new JsonObject());
        JsonObject kept = new JsonObject();
        for (String section : sections) {
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
            } else if (e.getKey().equals("type")) {
                // Whether a number is whole is a value constraint, like a minimum: the reading stage rejects 0.5 accelerators with a reason.
                value = value instanceof JsonArray a ? new JsonArray(a.stream().map(t -> "integer".equals(t) ? "number" : t).distinct().toList())
                        : "integer".equals(value) ? "number" : value;
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
