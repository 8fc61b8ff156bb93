package dev.estimator.cost.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** Stored estimates stay inline and uncompressed, and the setting can be applied again at the next start. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class EstimateStorageTest {

    @Inject
    Pool pool;

    @Test
    void estimatesAreStoredInlineWithoutCompression() {
        String options = pool.query("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'cost_estimate'")
                .execute().await().atMost(Duration.ofSeconds(30)).iterator().next().getString(0);
        assertTrue(options != null && options.contains("toast_tuple_target=8160"), "applied at start: " + options);
        // The next start applies it again.
        pool.query(EstimateStorage.SETTINGS).execute().await().atMost(Duration.ofSeconds(30));
    }
}
