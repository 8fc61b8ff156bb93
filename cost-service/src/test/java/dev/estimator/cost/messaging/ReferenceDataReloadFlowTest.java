package dev.estimator.cost.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The price book is re-read while the stage runs (dev and prod refresh it every 10 s): scenarios priced before and after
 * reloads all get their estimate. Tests elsewhere keep the snapshot for an hour, so only this one crosses reloads.
 */
@QuarkusTest
@TestProfile(ReferenceDataReloadFlowTest.ShortRefresh.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class ReferenceDataReloadFlowTest {

    public static class ShortRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cost.reference-data.refresh", "PT0.2S");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void scenariosArrivingAcrossReloadsAreAllPriced() throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 8; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                kafka.send("scenarios.computed", id, PricingFlowTest.computed(id, "nvidia-h100-sxm", "{\"provider\": \"aws\"}"));
                kafka.awaitRecord("estimates", id, Duration.ofSeconds(30));
                Thread.sleep(500);
            }
        }
    }
}
