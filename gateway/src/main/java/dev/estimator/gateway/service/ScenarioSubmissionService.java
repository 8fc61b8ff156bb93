package dev.estimator.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.estimator.chassis.error.UnknownIdException;
import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.rest.ScenarioRequest;
import dev.estimator.gateway.messaging.OutboxRelay;
import dev.estimator.gateway.repository.OutboxRow;
import dev.estimator.gateway.repository.Scenario;
import dev.estimator.gateway.repository.ScenarioRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Registers a submission: the registry row (with its idempotency key) is committed, unpublished, in one transaction,
 * and handed to the {@link OutboxRelay}, which publishes it and marks it published once the broker acknowledged. The
 * caller answers 202 once the row is committed: from then on the scenario cannot be lost, whatever happens to this
 * replica or the broker.
 */
@ApplicationScoped
public class ScenarioSubmissionService {

    /** The outcome of a submission: the registry row, and whether this call created it. */
    public record Submission(Scenario scenario, boolean created) {
    }

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    OutboxRelay relay;

    @Inject
    CompletionSignals signals;

    @Inject
    ScenarioRepository scenarios;

    @Inject
    GatewayConfig.PreferWait preferWait;

    @Inject
    SubmissionRateLimiter limiter;

    @Inject
    IdempotencyRetention retention;

    private final Clock clock = Clock.systemUTC();

    /**
     * @param clientId       who submits (JWT subject), scoping the idempotency key
     * @param idempotencyKey optional; the same key and request return the first scenario, another request is a 422
     */
    public Uni<Submission> submit(ScenarioRequest request, String clientId, String idempotencyKey) {
        String canonical = binder.canonical(request);
        String hash = ScenarioRequestBinder.sha256(canonical);
        if (idempotencyKey == null) {
            limiter.acquireScenarios(clientId, 1);
            return refundUnlessStored(register(canonical, hash, null), clientId);
        }
        String scopedKey = IdempotencyKeys.scoped(clientId, idempotencyKey);
        return findByKey(scopedKey).chain(existing -> {
            if (existing != null) {
                return replay(existing, hash);
            }
            limiter.acquireScenarios(clientId, 1);
            return refundUnlessStored(register(canonical, hash, scopedKey)
                    // A concurrent request with the same key won the unique index: answer with its scenario. If it
                    // cannot be read (it failed and was rolled back), nothing was stored for either: 409, retry.
                    .onFailure(IdempotencyKeys::isUniqueViolation)
                    .recoverWithUni(() -> findByKey(scopedKey).chain(winner -> winner == null
                            ? Uni.createFrom().failure(new IdempotencyKeyBusyException("scenario"))
                            : replay(winner, hash))), clientId);
        });
    }

    /** The scenario token back if nothing was stored (a failure, or the answer is another request's scenario). */
    private Uni<Submission> refundUnlessStored(Uni<Submission> submission, String clientId) {
        return submission.onItemOrFailure().invoke((s, failure) -> {
            if (failure != null || !s.created()) {
                limiter.refundScenarios(clientId, 1);
            }
        });
    }

    /** The scenario submitted under this key within the retention (gateway.idempotency.retention), if any. */
    @WithSession
    Uni<Scenario> findByKey(String scopedKey) {
        return scenarios.findByIdempotencyKey(scopedKey, retention.cutoff());
    }

    /** @throws UnknownIdException if no scenario has this id */
    @WithSession
    public Uni<Scenario> get(String id) {
        return scenarios.findById(id).onItem().ifNull().failWith(() -> new UnknownIdException("No scenario '" + id + "'"));
    }

    /**
     * The same key and request: the first scenario, as it is. Nothing is published from here: if the first attempt
     * died before its row was published, the relay publishes the stored row (once its lease runs out).
     */
    private static Uni<Submission> replay(Scenario existing, String hash) {
        return IdempotencyKeys.replay(new Submission(existing, false), "scenario", existing.id, existing.requestHash, hash);
    }

    /** Committed before the relay hears of it: nothing is published that is not stored. */
    Uni<Submission> register(String canonical, String hash, String scopedKey) {
        Scenario scenario = new Scenario();
        scenario.id = UUID.randomUUID().toString();
        scenario.status = Scenario.Status.PENDING;
        // Microseconds, as PostgreSQL stores it: the relay's fast path and a later re-send then publish the same time.
        scenario.submittedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        scenario.request = canonical;
        scenario.requestHash = hash;
        scenario.idempotencyKey = scopedKey;
        scenario.publishLeaseUntil = relay.newLease();
        scenario.traceContext = relay.traceContext();
        return store(scenario)
                .invoke(saved -> relay.submitted(List.of(new OutboxRow(saved.id, null, saved.submittedAt, canonical,
                        saved.traceContext)), saved.publishLeaseUntil))
                .map(saved -> new Submission(saved, true));
    }

    /** The key of an expired scenario is released in the same transaction, so it can be used again at once. */
    @WithTransaction
    Uni<Scenario> store(Scenario scenario) {
        if (scenario.idempotencyKey == null) {
            return scenarios.persist(scenario);
        }
        return scenarios.releaseExpiredKey(scenario.idempotencyKey, retention.cutoff()).chain(() -> scenarios.persist(scenario));
    }

    /**
     * The scenario once finished, or as it is after {@code max}. Never blocks a thread: it waits on this
     * replica's completion signal or a timer on the caller's Vert.x context, then re-reads the registry.
     */
    public Uni<Scenario> awaitFinished(String id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        Context context = Vertx.currentContext();
        CompletableFuture<Void> signal = signals.register(id);
        return poll(id, deadline, signal, context).eventually(() -> signals.release(id, signal));
    }

    private Uni<Scenario> poll(String id, long deadline, CompletableFuture<Void> signal, Context context) {
        return find(id).chain(s -> {
            long remaining = deadline - System.nanoTime();
            if (s == null || s.status != Scenario.Status.PENDING || remaining <= 0) {
                return Uni.createFrom().item(s);
            }
            long waitMs = Math.max(1, Math.min(preferWait.pollInterval().toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
            return signalOrTimer(context, signal, waitMs).chain(() -> poll(id, deadline, signal, context));
        });
    }

    @WithSession
    Uni<Scenario> find(String id) {
        return scenarios.findById(id);
    }

    private static Uni<Void> signalOrTimer(Context context, CompletableFuture<Void> signal, long waitMs) {
        return Uni.createFrom().emitter(emitter -> {
            long timer = context.owner().setTimer(waitMs, t -> context.runOnContext(v -> emitter.complete(null)));
            if (signal.isDone()) {
                return; // already used: from now on only the timer paces the re-reads
            }
            signal.whenComplete((v, e) -> {
                context.owner().cancelTimer(timer);
                context.runOnContext(x -> emitter.complete(null));
            });
        });
    }
}
