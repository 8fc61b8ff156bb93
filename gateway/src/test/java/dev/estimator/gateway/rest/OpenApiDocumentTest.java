package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * docs/api/openapi.json is exactly what the running gateway serves at /q/openapi (compared as JSON, so key order does not
 * matter), and that document is typed: every request and response body of the scenario and sweep endpoints is a named
 * component schema, and no schema is an untyped JSON tree. Regenerate the committed file with
 * {@code ./mvnw -o verify -pl gateway -Dtest=OpenApiDocumentTest -Dopenapi.update=true} (docs/api/README.md).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of(System.getProperty("estimator.root", ".."), "docs/api/openapi.json");

    @Inject
    ObjectMapper json;

    static String served() {
        return given().accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString();
    }

    @Test
    void theCommittedDocumentIsTheServedOne() throws Exception {
        String served = served();
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served.endsWith("\n") ? served : served + "\n", StandardCharsets.UTF_8);
        }
        assertEquals(json.readTree(served), json.readTree(Files.readString(COMMITTED)), COMMITTED
                + " differs from /q/openapi; regenerate it: ./mvnw -o verify -pl gateway -Dtest=OpenApiDocumentTest -Dopenapi.update=true");
    }

    @Test
    void requestsAndResponsesAreNamedSchemas() throws Exception {
        JsonNode doc = json.readTree(served());
        Set<String> names = new TreeSet<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("ScenarioRequest", "ScenarioModel", "ScenarioHardware", "Scenario", "ScenarioAccepted",
                "Estimate", "EstimateCompute", "EstimateCost", "Rejection", "SweepRequest", "SweepCreated", "Sweep",
                "SweepSummary", "SweepPoint", "SweepMembers", "Problem", "FieldError")), names.toString());
        assertFalse(names.contains("JsonNode") || names.contains("ObjectNode"), "no untyped JSON trees: " + names);

        assertEquals("#/components/schemas/ScenarioRequest", bodyRef(doc, "/api/v1/scenarios", "post", null));
        assertEquals("#/components/schemas/ScenarioAccepted", bodyRef(doc, "/api/v1/scenarios", "post", "202"));
        assertEquals("#/components/schemas/Scenario", bodyRef(doc, "/api/v1/scenarios", "post", "200"));
        assertEquals("#/components/schemas/Problem", bodyRef(doc, "/api/v1/scenarios", "post", "400"));
        assertEquals("#/components/schemas/Scenario", bodyRef(doc, "/api/v1/scenarios/{id}", "get", "200"));
        assertEquals("#/components/schemas/SweepRequest", bodyRef(doc, "/api/v1/sweeps", "post", null));
        assertEquals("#/components/schemas/SweepCreated", bodyRef(doc, "/api/v1/sweeps", "post", "202"));
        assertEquals("#/components/schemas/Sweep", bodyRef(doc, "/api/v1/sweeps/{id}", "get", "200"));
        assertEquals("#/components/schemas/SweepMembers", bodyRef(doc, "/api/v1/sweeps/{id}/estimates", "get", "200"));
        JsonNode scenario = doc.at("/components/schemas/Scenario/properties");
        assertEquals("#/components/schemas/Estimate", scenario.at("/estimate/$ref").asText(), scenario.toString());
        assertEquals("#/components/schemas/ScenarioRequest", scenario.at("/request/$ref").asText(), scenario.toString());

        // The limits are in the document, so a client can check a request before sending it.
        JsonNode hardware = doc.at("/components/schemas/ScenarioHardware");
        assertEquals(ScenarioLimits.MAX_ACCELERATORS, hardware.at("/properties/count/maximum").asInt(), hardware.toString());
        assertEquals("accelerator", hardware.at("/required/0").asText(), hardware.toString());
        assertFalse(hardware.path("additionalProperties").asBoolean(true), "unknown fields are refused: " + hardware);
        JsonNode training = doc.at("/components/schemas/ScenarioTraining/properties");
        assertEquals(1e17, training.at("/tokens/maximum").asDouble(), training.toString());
        assertEquals(0, training.at("/tokens/exclusiveMinimum").asDouble(-1), training.toString());
        assertEquals(List.of("bf16", "fp16", "fp32", "fp8", "int8", "tf32"),
                enumeration(doc, training.path("precision")), training.toString());
    }

    /** The $ref of an operation's JSON request body ({@code status} null) or of its response with that status. */
    static String bodyRef(JsonNode doc, String path, String method, String status) {
        JsonNode operation = doc.path("paths").path(path).path(method);
        JsonNode content = status == null ? operation.at("/requestBody/content") : operation.at("/responses/" + status + "/content");
        JsonNode media = content.has("application/json") ? content.get("application/json") : content.path("application/problem+json");
        return media.at("/schema/$ref").asText(operation.toString());
    }

    /** The enum values of a property schema, following a $ref to a named enum. */
    static List<String> enumeration(JsonNode doc, JsonNode property) {
        JsonNode schema = property.has("$ref") ? doc.at(property.get("$ref").asText().substring(1)) : property;
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(v -> values.add(v.asText()));
        return values.stream().sorted().toList();
    }
}
