package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The public API (/q/openapi) and the event contract (docs/events/*.schema.json) say the same thing where they describe
 * the same data: the scenario request of {@code scenarios.submitted} is the API's {@code ScenarioRequest}, and the
 * {@code estimates} event is the API's {@code Estimate}. Compared field by field, all the way down: the same properties,
 * required fields, types (null included), enumerations, patterns, lengths, numeric bounds and refusal of unknown
 * fields. So a limit changed in {@link ScenarioLimits} fails here until the event schema says the same.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class ContractAgreementTest {

    /** What a scenarios.submitted record adds to the request: the envelope, not the request. */
    static final Set<String> ENVELOPE = Set.of("scenarioId", "sweepId", "submittedAt");
    static final List<String> KEYWORDS = List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
            "maxLength", "minItems", "maxItems", "pattern");

    @Inject
    ObjectMapper json;

    JsonNode api;

    @BeforeEach
    void read() throws Exception {
        api = json.readTree(OpenApiDocumentTest.served());
    }

    JsonNode event(String file) throws Exception {
        return json.readTree(Files.readString(Path.of(System.getProperty("estimator.root", ".."), "docs/events", file)));
    }

    @Test
    void theSubmittedEventCarriesTheApisScenarioRequest() throws Exception {
        JsonNode submitted = event("scenarios.submitted.schema.json");
        ObjectNode request = submitted.deepCopy();
        ENVELOPE.forEach(((ObjectNode) request.get("properties"))::remove);
        ArrayNode required = request.putArray("required");
        submitted.get("required").forEach(r -> {
            if (!ENVELOPE.contains(r.asText())) {
                required.add(r);
            }
        });
        List<String> differences = new ArrayList<>();
        compare("ScenarioRequest", schema(api, api.at("/components/schemas/ScenarioRequest")), submitted,
                schema(submitted, request), differences);
        assertEquals(List.of(), differences);
    }

    @Test
    void theEstimatesEventIsTheApisEstimate() throws Exception {
        JsonNode estimates = event("estimates.schema.json");
        List<String> differences = new ArrayList<>();
        compare("Estimate", schema(api, api.at("/components/schemas/Estimate")), estimates, schema(estimates, estimates),
                differences);
        assertEquals(List.of(), differences);
    }

    @Test
    void theComparisonSeesADifference() throws Exception {
        // Not vacuous: a limit, a type, a required field, an unknown-field rule and a field name that differ are found.
        JsonNode submitted = event("scenarios.submitted.schema.json");
        ObjectNode changed = submitted.deepCopy();
        ((ObjectNode) changed.at("/properties/hardware/properties/count")).put("maximum", 20_000_000);
        ((ObjectNode) changed.at("/properties/training/properties/epochs")).put("type", "integer");
        ((ArrayNode) changed.at("/properties/hardware/required")).removeAll();
        ((ObjectNode) changed.at("/properties/pricing")).remove("additionalProperties");
        ObjectNode serving = (ObjectNode) changed.at("/properties/serving/properties");
        serving.set("tokensPerMonth", serving.remove("tokensPerDay"));
        ENVELOPE.forEach(((ObjectNode) changed.get("properties"))::remove);
        ((ObjectNode) changed).putArray("required").add("model").add("hardware");
        List<String> differences = new ArrayList<>();
        compare("ScenarioRequest", schema(api, api.at("/components/schemas/ScenarioRequest")), changed, schema(changed, changed),
                differences);
        String all = String.join("\n", differences);
        for (String expected : new String[] { "ScenarioRequest.hardware.count: maximum", "ScenarioRequest.training.epochs: types",
                "ScenarioRequest.hardware: required", "ScenarioRequest.pricing: additionalProperties",
                "ScenarioRequest.serving: properties" }) {
            assertTrue(all.contains(expected), "finds " + expected + " in:\n" + all);
        }
        assertEquals(5, differences.size(), all);
    }

    /**
     * One schema as a plain JSON Schema: {@code $ref}s followed (siblings such as descriptions kept), and a nullable
     * reference ({@code anyOf} of a schema and {@code {"type": "null"}}) turned into that schema with null among its types.
     */
    static JsonNode schema(JsonNode root, JsonNode node) {
        ObjectNode result = node.deepCopy();
        for (int depth = 0; result.has("$ref") && depth < 10; depth++) {
            String ref = result.remove("$ref").asText();
            JsonNode target = root.at(ref.substring(ref.indexOf('#') + 1));
            assertFalse(target.isMissingNode(), "unresolved " + ref);
            ObjectNode merged = target.deepCopy();
            merged.setAll(result);
            result = merged;
        }
        for (String combinator : new String[] { "anyOf", "oneOf" }) {
            JsonNode alternatives = result.get(combinator);
            if (alternatives != null && alternatives.size() == 2) {
                JsonNode nullType = null;
                JsonNode other = null;
                for (JsonNode a : alternatives) {
                    if ("null".equals(a.path("type").asText())) {
                        nullType = a;
                    } else {
                        other = a;
                    }
                }
                if (nullType != null && other != null) {
                    result.remove(combinator);
                    ObjectNode merged = (ObjectNode) schema(root, other);
                    Set<String> types = types(merged);
                    types.add("null");
                    if (result.has("type")) {
                        // A type beside the alternatives constrains them too: {"type": "object", "anyOf": [X, null]} refuses null.
                        types.retainAll(types(result));
                    }
                    merged.setAll(result);
                    ArrayNode array = merged.putArray("type");
                    types.forEach(array::add);
                    result = merged;
                }
            }
        }
        return result;
    }

    /** The JSON types a schema admits; an enumeration or constant without a type admits the types of its values. */
    static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type != null) {
            types.add(type.asText());
        } else {
            List<JsonNode> values = new ArrayList<>();
            schema.path("enum").forEach(values::add);
            if (schema.has("const")) {
                values.add(schema.get("const"));
            }
            values.forEach(v -> types.add(v.isNull() ? "null" : v.isTextual() ? "string" : v.isIntegralNumber() ? "integer"
                    : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : v.isArray() ? "array" : "object"));
        }
        return types;
    }

    static Set<String> enumeration(JsonNode schema) {
        Set<String> values = new TreeSet<>();
        schema.path("enum").forEach(v -> values.add(v.asText()));
        if (schema.has("const")) {
            values.add(schema.get("const").asText());
        }
        return values;
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Records every way the API's schema {@code a} and the event's schema {@code b} disagree, by path. */
    void compare(String path, JsonNode a, JsonNode eventRoot, JsonNode b, List<String> differences) {
        if (!types(a).equals(types(b))) {
            differences.add(path + ": types " + types(a) + " (API) vs " + types(b) + " (event)");
        }
        if (!enumeration(a).equals(enumeration(b))) {
            differences.add(path + ": enum " + enumeration(a) + " vs " + enumeration(b));
        }
        for (String keyword : KEYWORDS) {
            JsonNode x = a.get(keyword);
            JsonNode y = b.get(keyword);
            boolean same = x == null || y == null ? x == y
                    : x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) == 0 : x.equals(y);
            if (!same) {
                differences.add(path + ": " + keyword + " " + x + " vs " + y);
            }
        }
        if (b.has("format") && !b.get("format").equals(a.get("format"))) {
            differences.add(path + ": format " + a.get("format") + " vs " + b.get("format"));
        }
        if (a.path("additionalProperties").isBoolean() || b.path("additionalProperties").isBoolean()) {
            if (a.path("additionalProperties").asBoolean(true) != b.path("additionalProperties").asBoolean(true)) {
                differences.add(path + ": additionalProperties " + a.get("additionalProperties") + " vs " + b.get("additionalProperties"));
            }
        }
        if (!strings(a.path("required")).equals(strings(b.path("required")))) {
            differences.add(path + ": required " + strings(a.path("required")) + " vs " + strings(b.path("required")));
        }
        JsonNode ap = a.path("properties");
        JsonNode bp = b.path("properties");
        if (!names(ap).equals(names(bp))) {
            differences.add(path + ": properties " + names(ap) + " vs " + names(bp));
        }
        for (String name : names(ap)) {
            if (bp.has(name)) {
                compare(path + "." + name, schema(api, ap.get(name)), eventRoot, schema(eventRoot, bp.get(name)), differences);
            }
        }
        if (a.has("items") || b.has("items")) {
            compare(path + "[]", schema(api, a.path("items")), eventRoot, schema(eventRoot, b.path("items")), differences);
        }
    }
}
