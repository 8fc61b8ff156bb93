package dev.estimator.gateway.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Releases expired Idempotency-Keys in bulk: the key column is set to NULL (the row, its request hash and its result
 * stay), so the unique indexes hold only keys that still answer retries. Plain SQL, a bounded chunk per statement; rows
 * locked by another replica doing the same are skipped, not waited for. The partial indexes of V3 hold only keyed rows,
 * by time, so each statement reads only what it releases.
 */
@ApplicationScoped
public class IdempotencyKeyStore {

    static final String RELEASE_SCENARIOS = """
            UPDATE scenario SET idempotency_key = NULL, version = version + 1
            WHERE id IN (SELECT id FROM scenario WHERE idempotency_key IS NOT NULL AND submitted_at < $1
                         ORDER BY submitted_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    static final String RELEASE_SWEEPS = """
            UPDATE sweep SET idempotency_key = NULL
            WHERE id IN (SELECT id FROM sweep WHERE idempotency_key IS NOT NULL AND created_at < $1
                         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)""";

    @Inject
    Pool pool;

    /** Releases up to {@code limit} keys of scenarios submitted before {@code cutoff}; how many it released. */
    public Uni<Integer> releaseScenarioKeys(Instant cutoff, int limit) {
        return pool.preparedQuery(RELEASE_SCENARIOS).execute(Tuple.of(utc(cutoff), limit)).map(rows -> rows.rowCount());
    }

    /** Releases up to {@code limit} keys of sweeps created before {@code cutoff}; how many it released. */
    public Uni<Integer> releaseSweepKeys(Instant cutoff, int limit) {
        return pool.preparedQuery(RELEASE_SWEEPS).execute(Tuple.of(utc(cutoff), limit)).map(rows -> rows.rowCount());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
