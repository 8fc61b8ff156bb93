package dev.estimator.compute.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
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
 * The schema comes from Flyway, not Hibernate (which only validates it in tests: a mismatch fails start-up), the
 * reference data is seeded into it at start, and a database Hibernate created before there were migrations is
 * taken over with its rows.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class MigrationTest {

    @Inject
    Pool pool;

    @Inject
    Flyway flyway;

    @Inject
    DataSource dataSource;

    List<String> column(String sql) {
        return pool.query(sql).execute().map(rows -> {
            List<String> out = new ArrayList<>();
            rows.forEach(row -> out.add(String.valueOf(row.getValue(0))));
            return out;
        }).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void flywayCreatedTheSchemaAndTheSeederFilledIt() {
        assertEquals("1", flyway.info().current().getVersion().getVersion());
        assertEquals(List.of("compute_estimate", "efficiency_profile", "reference_run"), column("SELECT table_name"
                + " FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
                + " ORDER BY table_name"));
        assertEquals(List.of("8"), column("SELECT count(*) FROM efficiency_profile"));
        assertEquals(List.of(String.valueOf(dev.estimator.compute.estimate.PublishedRun.bundled().size())),
                column("SELECT count(*) FROM reference_run"), "every row of docs/reference/published-runs.csv");
    }

    @Test
    void aDatabaseFromHibernateUpdateIsTakenOverWithItsRows() throws SQLException {
        String schema = "before_flyway_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            // The outcome table as Hibernate made it from the old entity (enum outcome with its check constraint).
            s.execute("CREATE TABLE " + schema + ".compute_estimate (scenario_id varchar(255) NOT NULL PRIMARY KEY,"
                    + " sweep_id varchar(255), outcome varchar(255) CHECK (outcome IN ('COMPUTED','REJECTED')), event text,"
                    + " created_at timestamp(6) with time zone, source_partition integer, source_offset bigint)");
            s.execute("INSERT INTO " + schema + ".compute_estimate (scenario_id, outcome, event, created_at)"
                    + " VALUES ('old', 'COMPUTED', '{}', now())");
        }

        var result = Flyway.configure().configuration(flyway.getConfiguration()).schemas(schema).defaultSchema(schema)
                .load().migrate();

        assertTrue(result.success);
        assertEquals("1", result.targetSchemaVersion);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            ResultSet kept = s.executeQuery("SELECT outcome FROM " + schema + ".compute_estimate WHERE scenario_id = 'old'");
            assertTrue(kept.next(), "the stored outcome is kept");
            assertEquals("COMPUTED", kept.getString(1));
            ResultSet created = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                    + "' AND table_name IN ('reference_run', 'efficiency_profile')");
            created.next();
            assertEquals(2, created.getInt(1), "the tables it lacked are created");
        }
    }
}
