package dev.estimator.compute.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.estimator.compute.ResolvedScenarios;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/** A real emitted scenarios.computed value validates against docs/events/scenarios.computed.schema.json. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class ComputedEventSchemaTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static Validator validator() throws Exception {
        Path file = Path.of(System.getProperty("estimator.root", "../"), "docs", "events", "scenarios.computed.schema.json");
        JsonSchema schema = JsonSchema.of(new JsonObject(Files.readString(file)));
        return Validator.create(schema, new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://estimator.dev/events/").setOutputFormat(io.vertx.json.schema.OutputFormat.Basic));
    }

    @Test
    void emittedEventMatchesTheSchema() throws Exception {
        Validator validator = validator();
        String id = UUID.randomUUID().toString();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send("scenarios.resolved", id, ResolvedScenarios.llama65b(id, 2048));
            String value = kafka.awaitRecord("scenarios.computed", id, Duration.ofSeconds(30)).value();
            OutputUnit result = validator.validate(new JsonObject(value));
            assertTrue(result.getValid(), () -> String.valueOf(result.getErrors()));
            // The schema has teeth: the same event without its range is refused.
            JsonObject broken = new JsonObject(value);
            broken.getJsonObject("compute").remove("gpuHoursRange");
            assertFalse(validator.validate(broken).getValid());
        }
    }
}
