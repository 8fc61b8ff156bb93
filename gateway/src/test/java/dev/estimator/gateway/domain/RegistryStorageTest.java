package dev.estimator.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The registry's storage settings are in effect after start, keep keys unique, and can be applied again. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class RegistryStorageTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

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
    }

    @Test
    void applyingAgainChangesNothingAndKeysStayUnique() {
        pool.withTransaction(c -> c.query(RegistryStorage.SETTINGS).execute()).await().atMost(WAIT);
        String key = "storage-test:" + UUID.randomUUID();
        String insert = "INSERT INTO scenario (id, idempotency_key, status, version) VALUES ($1, $2, 'PENDING', 0)";
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
}
