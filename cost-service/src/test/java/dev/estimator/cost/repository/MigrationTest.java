package dev.estimator.cost.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/**
 * The schema comes from the Flyway migrations (the test profile has Hibernate validate the entities against it), and
 * a database that Hibernate created before there were migrations is taken over by them.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class MigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The schema as Hibernate's {@code update} created it before V1 (pg_dump of a local stack's cost database). */
    static final String HIBERNATE_SCHEMA = """
            CREATE TABLE cost_estimate (scenario_id varchar(255) NOT NULL PRIMARY KEY, created_at timestamp(6) with time zone,
                event text, outcome varchar(255), source_offset bigint, source_partition integer, sweep_id varchar(255),
                CONSTRAINT cost_estimate_outcome_check CHECK (outcome IN ('COMPLETED', 'REJECTED')));
            CREATE INDEX cost_estimate_sweep ON cost_estimate (sweep_id, outcome);
            CREATE TABLE currency_rate (id bigint NOT NULL PRIMARY KEY, as_of date, currency varchar(255),
                per_usd double precision, source varchar(2000), CONSTRAINT currency_rate_key UNIQUE (currency, as_of));
            CREATE SEQUENCE currency_rate_seq START WITH 1 INCREMENT BY 50;
            CREATE TABLE energy_price (id bigint NOT NULL PRIMARY KEY, carbon_tonnes_per_mwh double precision,
                currency varchar(255), price_per_kwh double precision, region varchar(255), source varchar(2000),
                valid_from date, CONSTRAINT energy_price_key UNIQUE (region, valid_from));
            CREATE SEQUENCE energy_price_seq START WITH 1 INCREMENT BY 50;
            CREATE TABLE hardware_price (id bigint NOT NULL PRIMARY KEY, accelerator varchar(255), as_of date,
                source varchar(2000), unit_price_usd double precision, CONSTRAINT hardware_price_key UNIQUE (accelerator, as_of));
            CREATE SEQUENCE hardware_price_seq START WITH 1 INCREMENT BY 50;
            CREATE TABLE price_book (id bigint NOT NULL PRIMARY KEY, accelerator varchar(255), currency varchar(255),
                price_per_hour double precision, pricing_model varchar(255), provider varchar(255), region varchar(255),
                source varchar(2000), valid_from date,
                CONSTRAINT price_book_key UNIQUE (provider, accelerator, pricing_model, region, valid_from));
            CREATE SEQUENCE price_book_seq START WITH 1 INCREMENT BY 50;
            CREATE INDEX price_book_accelerator ON price_book (accelerator);
            CREATE TABLE seed_record (seed_key varchar(500) NOT NULL PRIMARY KEY, seeded_at timestamp(6) with time zone);
            INSERT INTO price_book VALUES (1, 'nvidia-h100-sxm', 'USD', 2.5, 'on-demand', 'acme', 'us', 'kept', '2025-01-01');
            INSERT INTO cost_estimate VALUES ('kept', now(), '{}', 'COMPLETED', 7, 0, 's');
            """;

    @Inject
    Pool pool;

    @Inject
    Flyway flyway;

    @Test
    void theServiceSchemaIsMigratedWithItsSettings() {
        assertEquals("20", flyway.info().current().getVersion().getVersion(), "V1 to V20 applied at start");
        assertEquals("confidence", one("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'price_book' AND column_name = 'confidence'").getString(0), "V20: the price's confidence");
        assertEquals(List.of("cost_estimate_outcome_sweep", "cost_estimate_pkey"), indexes("public", "cost_estimate"));
        assertTrue(options("public", "cost_estimate").contains("toast_tuple_target=8160"),
                "estimates stay inline and uncompressed");
    }

    @Test
    void aDatabaseHibernateCreatedIsTakenOverAsItIs() {
        String schema = "legacy_" + System.nanoTime();
        pool.query("CREATE SCHEMA " + schema + "; SET search_path TO " + schema + "; " + HIBERNATE_SCHEMA
                + "; RESET search_path").execute().await().atMost(WAIT);

        // The service's own Flyway settings (baseline on migrate, version 0), aimed at that schema.
        MigrateResult result = Flyway.configure().configuration(flyway.getConfiguration()).schemas(schema)
                .defaultSchema(schema).load().migrate();

        assertTrue(result.success);
        assertEquals("20", result.targetSchemaVersion);
        assertEquals(List.of("cost_estimate_outcome_sweep", "cost_estimate_pkey"), indexes(schema, "cost_estimate"));
        assertTrue(options(schema, "cost_estimate").contains("toast_tuple_target=8160"));
        assertEquals("kept", one("SELECT source FROM " + schema + ".price_book WHERE id = 1").getString(0), "rows kept");
        assertEquals(7L, one("SELECT source_offset FROM " + schema + ".cost_estimate").getLong(0));
        // Migrating again finds nothing to do.
        assertEquals(0, Flyway.configure().configuration(flyway.getConfiguration()).schemas(schema).defaultSchema(schema)
                .load().migrate().migrationsExecuted);
    }

    private List<String> indexes(String schema, String table) {
        List<String> names = new ArrayList<>();
        pool.query("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema + "' AND tablename = '" + table
                + "' ORDER BY indexname").execute().await().atMost(WAIT).forEach(row -> names.add(row.getString(0)));
        return names;
    }

    private String options(String schema, String table) {
        String options = one("SELECT array_to_string(c.reloptions, ',') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relname = '" + table + "'").getString(0);
        return options == null ? "" : options;
    }

    private Row one(String sql) {
        return pool.query(sql).execute().await().atMost(WAIT).iterator().next();
    }
}
