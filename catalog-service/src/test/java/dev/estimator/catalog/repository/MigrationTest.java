package dev.estimator.catalog.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import jakarta.inject.Inject;

/**
 * The schema comes from the migrations (the test profile has Hibernate validate the entities against it), and a
 * database whose tables Hibernate created before there were migrations is taken over with its rows.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class MigrationTest {

    @Inject
    Flyway flyway;

    @Inject
    DataSource dataSource;

    @Test
    void theServiceRunsOnEveryMigration() throws Exception {
        // The baseline and the model recipe column (V10, issue #14); nothing left pending.
        var applied = java.util.Arrays.stream(flyway.info().applied()).map(m -> m.getVersion().getVersion()).toList();
        assertTrue(applied.containsAll(java.util.List.of("1", "10")), applied.toString());
        assertEquals(0, flyway.info().pending().length);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            ResultSet column = s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_name = 'model'"
                    + " AND column_name = 'recipe'");
            assertTrue(column.next(), "model.recipe exists");
            assertEquals("text", column.getString(1));
        }
    }

    @Test
    void aDatabaseHibernateCreatedEarlierMigratesAndKeepsItsRows() throws Exception {
        String schema = "legacy_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            // Two of the tables as Hibernate's schema update made them (its outcome column had a check constraint).
            s.execute("CREATE TABLE " + schema + ".accelerator (id varchar(255) NOT NULL PRIMARY KEY, vendor varchar(255),"
                    + " name varchar(255), year integer, bf16_tflops float(53), memory_gb float(53), notes varchar(2000),"
                    + " source varchar(2000))");
            s.execute("INSERT INTO " + schema + ".accelerator (id, vendor, name, bf16_tflops, source)"
                    + " VALUES ('legacy-chip', 'Test', 'L1', 100, 'test')");
            s.execute("CREATE TABLE " + schema + ".scenario (scenario_id varchar(255) NOT NULL PRIMARY KEY,"
                    + " sweep_id varchar(255), outcome varchar(255) CHECK (outcome IN ('RESOLVED','REJECTED')), event text,"
                    + " created_at timestamp(6) with time zone, source_partition integer, source_offset bigint)");
        }

        var result = Flyway.configure().configuration(flyway.getConfiguration()).schemas(schema).defaultSchema(schema)
                .load().migrate();

        assertTrue(result.success);
        assertEquals(flyway.info().current().getVersion().getVersion(), result.targetSchemaVersion);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            ResultSet kept = s.executeQuery("SELECT name FROM " + schema + ".accelerator WHERE id = 'legacy-chip'");
            assertTrue(kept.next());
            assertEquals("L1", kept.getString(1));
            ResultSet tables = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema + "' AND table_name IN ('model', 'accelerator', 'organization', 'chain_segment', 'application',"
                    + " 'history_phase', 'scenario')");
            tables.next();
            assertEquals(7, tables.getInt(1), "the tables Hibernate had not made are created");
        }
    }
}
