package dev.estimator.compute.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * The schema comes from Flyway, not Hibernate (which only validates it in tests: a mismatch fails start-up), and the
 * reference data is seeded into it at start.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class MigrationTest {

    @Inject
    Pool pool;

    List<String> column(String sql) {
        return pool.query(sql).execute().map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(row -> out.add(String.valueOf(row.getValue(0))));
            return out;
        }).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void flywayCreatedTheSchemaAndTheSeederFilledIt() {
        assertEquals(List.of("1:true"), column("SELECT version || ':' || success FROM flyway_schema_history WHERE version IS NOT NULL"));
        assertEquals(List.of("compute_estimate", "efficiency_profile", "reference_run"), column(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
                        + " ORDER BY table_name"));
        assertEquals(List.of("8"), column("SELECT count(*) FROM efficiency_profile"));
        assertEquals(List.of("13"), column("SELECT count(*) FROM reference_run"), "every row of docs/reference/published-runs.csv");
    }
}
