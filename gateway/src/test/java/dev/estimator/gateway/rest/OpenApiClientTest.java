package dev.estimator.gateway.rest;

import static dev.estimator.gateway.rest.GatewayTesting.estimate;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;

/**
 * A client that knows the gateway only from its OpenAPI document. It reads /q/openapi with swagger-parser, finds the
 * operation for POST /api/v1/scenarios and the GET that reads a scenario back, builds the requests from what the
 * document says (method, path template and its parameters, media type, security scheme), checks the body it sends
 * against the operation's named request schema and every answer against the named schema of its status, against the
 * real application with real Kafka and PostgreSQL. A request the schema refuses, the gateway refuses too.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class OpenApiClientTest {

    static final String DOCUMENT = "https://estimator.dev/api/openapi.json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    OpenAPI api;
    SchemaRepository schemas;

    @BeforeEach
    void readTheDocument() {
        String text = OpenApiDocumentTest.served();
        ParseOptions options = new ParseOptions();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), "the document parses cleanly: " + parsed.getMessages());
        api = parsed.getOpenAPI();
        assertTrue(api.getOpenapi().startsWith("3.1"), api.getOpenapi());
        // OpenAPI 3.1 schemas are JSON Schema 2020-12: validate against the document's own components.
        schemas = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(DOCUMENT)
                .setOutputFormat(OutputFormat.Basic));
        schemas.dereference(DOCUMENT, JsonSchema.of(new JsonObject(text)));
    }

    /** An operation of the document, with the method and path template it is declared under. */
    record Endpoint(PathItem.HttpMethod method, String template, Operation operation) {

        /** The path with the operation's path parameters filled in. */
        String path(Map<String, String> values) {
            String path = template;
            for (Parameter p : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
                if ("path".equals(p.getIn())) {
                    assertTrue(values.containsKey(p.getName()), "a value for path parameter " + p.getName());
                    path = path.replace("{" + p.getName() + "}", values.get(p.getName()));
                }
            }
            assertFalse(path.contains("{"), "every path parameter is declared: " + path);
            return path;
        }
    }

    /** The operation the document declares for this method and path. */
    Endpoint endpoint(PathItem.HttpMethod method, String template) {
        PathItem item = api.getPaths().get(template);
        assertNotNull(item, "the document has " + template);
        Operation operation = item.readOperationsMap().get(method);
        assertNotNull(operation, "the document has " + method + " " + template);
        return new Endpoint(method, template, operation);
    }

    /** Sends the request the endpoint describes, with a bearer token if its security requirement asks for one. */
    Response call(Endpoint endpoint, Map<String, String> pathValues, String jsonBody) {
        RequestSpecification request = authorized(endpoint.operation()).accept("application/json");
        if (jsonBody != null) {
            assertNotNull(endpoint.operation().getRequestBody().getContent().get("application/json"), "takes JSON");
            request.contentType("application/json").body(jsonBody);
        }
        return request.request(endpoint.method().name(), endpoint.path(pathValues));
    }

    /** The named component schema of a body: a client generator needs a name to make a type of it. */
    static String named(MediaType media) {
        assertNotNull(media, "a JSON body is declared");
        String ref = media.getSchema().get$ref();
        assertNotNull(ref, "the body is a named schema, not an inline one: " + media.getSchema());
        assertTrue(ref.startsWith("#/components/schemas/"), ref);
        return ref;
    }

    OutputUnit validate(String ref, String body) {
        return schemas.validator(JsonSchema.of(new JsonObject().put("$ref", DOCUMENT + ref))).validate(new JsonObject(body));
    }

    void assertValid(String ref, String body) {
        OutputUnit result = validate(ref, body);
        assertTrue(result.getValid(), ref + " refuses " + body + ": " + result.getErrors());
    }

    /** The response of this status as the operation documents it, checked against its named schema. */
    void assertDocumented(Operation operation, Response response) {
        var documented = operation.getResponses().get(String.valueOf(response.statusCode()));
        assertNotNull(documented, operation.getOperationId() + " documents status " + response.statusCode() + ": " + response.asString());
        String type = response.contentType().split(";")[0].trim();
        assertValid(named(documented.getContent().get(type)), response.asString());
    }

    /** A request as the operation's security requirement asks for it (an HTTP bearer scheme: a JWT). */
    RequestSpecification authorized(Operation operation) {
        RequestSpecification request = given();
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            String scheme = operation.getSecurity().get(0).keySet().iterator().next();
            SecurityScheme security = api.getComponents().getSecuritySchemes().get(scheme);
            assertEquals(SecurityScheme.Type.HTTP, security.getType());
            assertEquals("bearer", security.getScheme());
            request.header("Authorization", "Bearer " + TestTokens.analyst());
        }
        return request;
    }

    @Test
    void aScenarioRoundTripsThroughTheDocumentsOperations() throws Exception {
        Endpoint submit = endpoint(PathItem.HttpMethod.POST, "/api/v1/scenarios");
        Endpoint read = endpoint(PathItem.HttpMethod.GET, "/api/v1/scenarios/{id}");
        String requestSchema = named(submit.operation().getRequestBody().getContent().get("application/json"));
        assertEquals("#/components/schemas/ScenarioRequest", requestSchema);

        String name = "openapi-client-" + UUID.randomUUID();
        String body = """
                {"name": "%s", "model": {"parameters": 7e10, "architecture": "dense", "layers": 80, "hiddenSize": 8192,
                  "heads": 64, "kvHeads": 8, "contextLength": 4096},
                 "training": {"tokens": 2e12, "epochs": 1, "precision": "bf16", "utilization": 0.4},
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024},
                 "pricing": {"provider": "aws", "model": "on-demand", "currency": "USD"},
                 "serving": {"tokensPerDay": 1e9, "months": 12}}""".formatted(name);
        assertValid(requestSchema, body);

        Response accepted = call(submit, Map.of(), body);
        assertEquals(202, accepted.statusCode(), accepted.asString());
        assertDocumented(submit.operation(), accepted);
        String id = accepted.path("id");
        assertTrue(accepted.header("Location").endsWith(read.path(Map.of("id", id))), accepted.header("Location"));

        Response pending = call(read, Map.of("id", id), null);
        assertEquals(200, pending.statusCode(), pending.asString());
        assertDocumented(read.operation(), pending);
        assertEquals("PENDING", pending.path("status"));
        assertEquals(name, pending.path("request.name"));

        // Finished by the pipeline (here: the estimate event it would publish), the scenario still matches its schema.
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send("estimates", id, estimate(id, null, 4.2e6, 13.9));
        }
        GatewayTesting.awaitStatus(id, "COMPLETED");
        Response completed = call(read, Map.of("id", id), null);
        assertEquals(200, completed.statusCode(), completed.asString());
        assertDocumented(read.operation(), completed);
        assertEquals(4.2e6f, (Float) completed.path("estimate.cost.training.cloud"));

        Response unknown = call(read, Map.of("id", "no-such-scenario"), null);
        assertEquals(404, unknown.statusCode());
        assertDocumented(read.operation(), unknown);
    }

    @Test
    void whatTheRequestSchemaRefusesTheGatewayRefusesToo() {
        Endpoint submit = endpoint(PathItem.HttpMethod.POST, "/api/v1/scenarios");
        String requestSchema = named(submit.operation().getRequestBody().getContent().get("application/json"));
        String valid = "{\"model\": {\"ref\": \"gpt-3-175b\"}, \"hardware\": {\"accelerator\": \"nvidia-v100-32gb\", \"count\": 8}}";
        assertValid(requestSchema, valid);
        for (String invalid : List.of(
                valid.replace("\"count\": 8", "\"count\": 1.5"),
                valid.replace("\"count\": 8", "\"count\": 10000001"),
                valid.replace("\"count\": 8", "\"cuont\": 8"),
                valid.replace("\"gpt-3-175b\"", "\"GPT 3\""),
                valid.replace("}}", "}, \"training\": {\"tokens\": 0}}"),
                valid.replace("}}", "}, \"training\": {\"epochs\": 1001}}"),
                valid.replace("}}", "}, \"training\": {\"precision\": \"fp12\"}}"),
                valid.replace("}}", "}, \"pricing\": {\"currency\": \"usd\"}}"),
                "{\"model\": {\"ref\": \"gpt-3-175b\"}}")) {
            assertFalse(validate(requestSchema, invalid).getValid(), "the schema refuses " + invalid);
            Response refused = call(submit, Map.of(), invalid);
            assertEquals(400, refused.statusCode(), invalid + " -> " + refused.asString());
            assertDocumented(submit.operation(), refused);
        }
    }
}
