package dev.estimator.gateway.domain;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Storage settings of the scenario registry that JPA mapping cannot express, applied at every start after
 * Hibernate has created or updated the schema. Every statement is idempotent, and the whole runs in one
 * transaction, so replicas starting together serialize on the table lock and the later ones change nothing.
 * <p>
 * Both settings serve the registry's hot statement, which writes each finished estimate (about 2 KB of JSON) into
 * its scenario row:
 * <ul>
 * <li>{@code toast_tuple_target = 8160}: rows of up to a page stay inline and uncompressed. With the default (about
 * 2 KB) PostgreSQL compresses every estimate with pglz on write and decompresses it on read, for rows that fit a
 * page anyway.</li>
 * <li>The idempotency key is unique only where it is set. Sweep members have none; a full unique index gave every
 * member an index entry, rewritten whenever its row moves on update.</li>
 * </ul>
 * Measured on 10,000 rows finished in batches of 500: the updates took 25-30% less time with both.
 * <p>
 * Two more partial indexes hold only the rows that are still in flight, so their look-ups cost the same whether the
 * registry has a thousand rows or ten million: {@code scenario_unpublished} (the outbox relay's claims: PENDING rows
 * the broker has not acknowledged yet) and {@code scenario_pending} (the stale-PENDING check). A row leaves both when
 * it finishes.
 */
@ApplicationScoped
public class RegistryStorage {

    private static final Logger LOG = Logger.getLogger(RegistryStorage.class);

    static final String SETTINGS = """
            ALTER TABLE scenario SET (toast_tuple_target = 8160);
            ALTER TABLE scenario DROP CONSTRAINT IF EXISTS scenario_idempotency;
            CREATE UNIQUE INDEX IF NOT EXISTS scenario_idempotency_key ON scenario (idempotency_key)
                WHERE idempotency_key IS NOT NULL;
            CREATE INDEX IF NOT EXISTS scenario_unpublished ON scenario (submitted_at)
                WHERE published_at IS NULL AND status = 'PENDING';
            CREATE INDEX IF NOT EXISTS scenario_pending ON scenario (submitted_at) WHERE status = 'PENDING'""";

    /** Below this share of the table's estimated rows, a sweep leaves statistics to autovacuum. */
    static final double STALE_SHARE = 0.2;

    @Inject
    Pool pool;

    void apply(@Observes StartupEvent event) {
        // Startup runs on the main thread, not the event loop, so waiting here is allowed; the service must not take
        // traffic before the unique index exists, since idempotent submissions rely on it.
        pool.withTransaction(connection -> connection.query(SETTINGS).execute())
                .await().atMost(Duration.ofSeconds(60));
        LOG.debug("Scenario registry storage settings applied");
    }

    /**
     * Refreshes the planner's statistics after a sweep inserted a large share of the table. On a new or small table
     * the registry's UPDATE was planned without index lookups until autovacuum analyzed the table (up to a minute
     * later): the first sweep after a clean start cost the gateway's PostgreSQL 17 CPU-seconds instead of 0.5, and
     * ran at ~300 scenarios/s instead of ~530. Once the table is large, a sweep changes little and this is skipped.
     * Statistics are an optimisation: a failure here is logged and never fails the sweep.
     */
    public Uni<Void> analyzeAfterInsert(int inserted) {
        return pool.query("SELECT reltuples::float8 FROM pg_class WHERE oid = 'scenario'::regclass").execute()
                .chain(rows -> stale(rows.iterator().next().getDouble(0), inserted)
                        ? pool.query("ANALYZE scenario").execute().replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not refresh the scenario table's statistics: %s", e.getMessage());
                    return null;
                });
    }

    /** @param estimatedRows PostgreSQL's estimate ({@code pg_class.reltuples}), negative if never analyzed */
    static boolean stale(double estimatedRows, int inserted) {
        return estimatedRows < 0 || inserted >= STALE_SHARE * estimatedRows;
    }
}
