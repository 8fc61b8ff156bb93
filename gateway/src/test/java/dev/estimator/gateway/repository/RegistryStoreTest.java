package dev.estimator.gateway.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The migrations' storage settings are in effect after start, keep keys unique, and can be applied again (a database
 * created by Hibernate migrates as it is); the planner's statistics are refreshed after a large insert.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class RegistryStoreTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    RegistryStore storage;

    Row one(String sql) {
        return pool.query(sql).execute().await().atMost(WAIT).iterator().next();
    }

    @Test
    void estimatesStayInlineUncompressedAndOnlySetKeysAreIndexed() {
        assertTrue(one("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'scenario'").getString(0)
                .contains("toast_tuple_target=8160"));
        String index = one("SELECT indexdef FROM pg_indexes WHERE indexname = 'scenario_idempotency_key'").getString(0);
        assertTrue(index.startsWith("CREATE UNIQUE INDEX") && index.contains("WHERE (idempotency_key IS NOT NULL)"), index);
        assertEquals(0L, one("SELECT count(*) FROM pg_constraint WHERE conname = 'scenario_idempotency'").getLong(0),
                "the full unique constraint is gone");
        // The relay's and the stale-PENDING check's look-ups read only rows in flight, whatever the registry's size.
        String unpublished = one("SELECT indexdef FROM pg_indexes WHERE indexname = 'scenario_unpublished'").getString(0);
        assertTrue(unpublished.contains("(published_at IS NULL)") && unpublished.contains("'PENDING'"), unpublished);
        String pending = one("SELECT indexdef FROM pg_indexes WHERE indexname = 'scenario_pending'").getString(0);
        assertTrue(pending.contains("(submitted_at)") && pending.contains("'PENDING'"), pending);
    }

    static String baseline() throws IOException {
        try (InputStream in = RegistryStoreTest.class.getResourceAsStream("/db/migration/V1__baseline.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theBaselineRunsAgainOverItsOwnSchema() throws IOException {
        long before = one("SELECT count(*) FROM pg_indexes WHERE tablename IN ('scenario', 'sweep')").getLong(0);
        String baseline = baseline();
        pool.withTransaction(c -> c.query(baseline).execute()).await().atMost(WAIT);
        assertEquals(before, one("SELECT count(*) FROM pg_indexes WHERE tablename IN ('scenario', 'sweep')").getLong(0));
        assertEquals(1L, one("SELECT count(*) FROM flyway_schema_history WHERE version = '1' AND success").getLong(0),
                "the baseline was applied by Flyway at start");
    }

    @Test
    void keysStayUnique() {
        String key = "storage-test:" + UUID.randomUUID();
        String insert = "INSERT INTO scenario (id, idempotency_key, status, version, published_at) VALUES ($1, $2, 'PENDING', 0, now())";
        // Rolled back: the rows exist only to meet the index.
        Throwable failure = pool.withTransaction(c -> c.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID().toString(), key))
                .chain(() -> c.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID().toString(), key)))
                .chain(() -> c.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID().toString(), null))))
                .onItem().transform(rows -> (Throwable) null).onFailure().recoverWithItem(e -> e)
                .await().atMost(WAIT);
        assertTrue(failure != null && failure.getMessage().contains("23505"), "a second row with the same key: " + failure);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        pool.withTransaction(c -> c.preparedQuery(insert).execute(Tuple.of(a, null))
                .chain(() -> c.preparedQuery(insert).execute(Tuple.of(b, null)))).await().atMost(WAIT);
        long nullKeys = pool.preparedQuery("DELETE FROM scenario WHERE id = ANY($1::text[])")
                .execute(Tuple.tuple().addArrayOfString(new String[] { a, b })).await().atMost(WAIT).rowCount();
        assertTrue(nullKeys >= 2, "rows without a key never clash: " + nullKeys);
    }

    @Test
    void aSweepThatIsALargeShareOfTheTableRefreshesItsStatistics() {
        String[] ids = new String[60];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "stats-" + UUID.randomUUID();
        }
        String insert = "INSERT INTO scenario (id, status, version, published_at) SELECT unnest($1::text[]), 'PENDING', 0, now()";
        pool.preparedQuery(insert).execute(Tuple.tuple().addArrayOfString(ids)).await().atMost(WAIT);
        try {
            storage.analyzeAfterInsert(Integer.MAX_VALUE).await().atMost(WAIT);
            // ANALYZE reads every page of a table this small, so its estimate is the exact count.
            Row r = one("SELECT (SELECT reltuples::float8 FROM pg_class WHERE relname = 'scenario'), (SELECT count(*) FROM scenario)");
            assertEquals(r.getLong(1).doubleValue(), r.getDouble(0), 0.0, "statistics after the insert");
        } finally {
            pool.preparedQuery("DELETE FROM scenario WHERE id = ANY($1::text[])").execute(Tuple.tuple().addArrayOfString(ids))
                    .await().atMost(WAIT);
        }
    }

    @Test
    void onlyANewTableOrALargeShareOfItCountsAsStale() {
        assertTrue(RegistryStore.stale(-1, 1), "never analyzed");
        assertTrue(RegistryStore.stale(0, 1), "analyzed while empty");
        assertTrue(RegistryStore.stale(50_000, 10_000));
        assertTrue(!RegistryStore.stale(200_000, 10_000), "a 10,000 sweep into 200,000 rows changes little");
    }
}
