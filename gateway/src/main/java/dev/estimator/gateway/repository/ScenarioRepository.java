package dev.estimator.gateway.repository;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Registry rows through Hibernate Reactive: look-ups by id and key, pages of a sweep, and a sweep's members inserted at once. */
@ApplicationScoped
public class ScenarioRepository implements PanacheRepositoryBase<Scenario, String> {

    /** The scenario submitted under this key at or after {@code cutoff}; an older one's key has expired. */
    public Uni<Scenario> findByIdempotencyKey(String scopedKey, Instant cutoff) {
        return find("idempotencyKey = ?1 and submittedAt >= ?2", scopedKey, cutoff).firstResult();
    }

    /**
     * Frees this key if the scenario holding it was submitted before {@code cutoff}, on the current session's
     * transaction. The version is bumped, as for every update, so an entity loaded before cannot be flushed over it.
     */
    public Uni<Integer> releaseExpiredKey(String scopedKey, Instant cutoff) {
        return getSession().chain(session -> session.createNativeQuery("UPDATE scenario SET idempotency_key = NULL, "
                + "version = version + 1 WHERE idempotency_key = ?1 AND submitted_at < ?2")
                .setParameter(1, scopedKey).setParameter(2, cutoff).executeUpdate());
    }

    /** Members in sweep order, so exports list them stably. */
    public Uni<List<Scenario>> sweepPage(String sweepId, int page, int size) {
        return find("sweepId", Sort.by("sweepIndex"), sweepId).page(Page.of(page, size)).list();
    }

    /**
     * All members of a sweep in a few statements, with the columns as arrays: persisting up to 10,000 entities made
     * Hibernate track, flush and bind each one, and PostgreSQL parse as many single-row inserts. Runs on the current
     * session's connection, so in the transaction of the sweep row; the columns not set here start out null, as for a
     * new entity.
     */
    public Uni<Void> insertMembers(String sweepId, Instant submittedAt, List<Scenario> members, Instant lease) {
        return insertFrom(0, sweepId, submittedAt, members, lease);
    }

    /**
     * One statement per {@value #INSERT_CHUNK} members, one after the other: the client encodes a statement's
     * parameters on the event loop, so a large sweep holds it for a chunk's worth at a time, not for the whole sweep.
     */
    private Uni<Void> insertFrom(int from, String sweepId, Instant submittedAt, List<Scenario> members, Instant lease) {
        if (from >= members.size()) {
            return Uni.createFrom().voidItem();
        }
        int to = Math.min(members.size(), from + INSERT_CHUNK);
        return insertChunk(sweepId, submittedAt, members.subList(from, to), lease)
                .chain(() -> insertFrom(to, sweepId, submittedAt, members, lease));
    }

    static final int INSERT_CHUNK = 1000;

    private Uni<Void> insertChunk(String sweepId, Instant submittedAt, List<Scenario> members, Instant lease) {
        int n = members.size();
        String[] ids = new String[n];
        Integer[] indexes = new Integer[n];
        String[] variants = new String[n];
        String[] requests = new String[n];
        String[] hashes = new String[n];
        String[] traces = new String[n];
        for (int i = 0; i < n; i++) {
            Scenario s = members.get(i);
            ids[i] = s.id;
            indexes[i] = s.sweepIndex;
            variants[i] = s.variant;
            requests[i] = s.request;
            hashes[i] = s.requestHash;
            traces[i] = s.traceContext;
        }
        return getSession().chain(session -> session.createNativeQuery(INSERT_MEMBERS)
                .setParameter(1, sweepId)
                .setParameter(2, submittedAt)
                .setParameter(3, ids)
                .setParameter(4, indexes)
                .setParameter(5, variants)
                .setParameter(6, requests)
                .setParameter(7, hashes)
                .setParameter(8, lease)
                .setParameter(9, traces)
                .executeUpdate())
                .replaceWithVoid();
    }

    static final String INSERT_MEMBERS = """
            INSERT INTO scenario (id, sweep_id, sweep_index, variant, status, submitted_at, request, request_hash, version,
                                  publish_lease_until, trace_context)
            SELECT u.id, ?1, u.sweep_index, u.variant, 'PENDING', ?2, u.request, u.request_hash, 0, ?8, u.trace_context
            FROM unnest(cast(?3 AS text[]), cast(?4 AS int[]), cast(?5 AS text[]), cast(?6 AS text[]), cast(?7 AS text[]),
                        cast(?9 AS text[]))
                 AS u(id, sweep_index, variant, request, request_hash, trace_context)""";
}
