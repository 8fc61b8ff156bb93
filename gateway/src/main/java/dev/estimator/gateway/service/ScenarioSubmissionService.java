package dev.estimator.gateway.service;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.domain.ScenarioRequest;
import dev.estimator.gateway.messaging.SubmissionPublisher;
import dev.estimator.gateway.rest.Problem;
import dev.estimator.gateway.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Registers a submission and publishes it. The registry row is committed first, then the event is
 * sent; the caller answers 202 only after the broker acknowledged. If the broker refuses, the row is
 * removed again so no scenario stays PENDING forever.
 */
@ApplicationScoped
public class ScenarioSubmissionService {

    /** The outcome of a submission: the registry row, and whether this call created it. */
    public record Submission(Scenario scenario, boolean created) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    SubmissionPublisher publisher;

    @Inject
    CompletionSignals signals;

    @ConfigProperty(name = "gateway.prefer-wait.poll-interval", defaultValue = "PT0.25S")
    Duration pollInterval;

    private final Clock clock = Clock.systemUTC();

    /**
     * @param clientId       who submits (JWT subject), scoping the idempotency key
     * @param idempotencyKey optional; the same key and request return the first scenario, another request is a 422
     */
    public Uni<Submission> submit(ScenarioRequest request, String clientId, String idempotencyKey) {
        String canonical = binder.canonical(request);
        String hash = ScenarioRequestBinder.sha256(canonical);
        if (idempotencyKey == null) {
            return register(request, canonical, hash, null);
        }
        String scopedKey = IdempotencyKeys.scoped(clientId, idempotencyKey);
        return findByKey(scopedKey).chain(existing -> existing != null ? replay(existing, request, hash)
                : register(request, canonical, hash, scopedKey)
                        // A concurrent request with the same key won the unique index: answer with its scenario.
                        .onFailure(IdempotencyKeys::isUniqueViolation)
                        .recoverWithUni(() -> findByKey(scopedKey).chain(winner -> replay(winner, request, hash))));
    }

    private Uni<Scenario> findByKey(String scopedKey) {
        return Panache.withSession(() -> Scenario.<Scenario>find("idempotencyKey", scopedKey).firstResult());
    }

    private Uni<Submission> replay(Scenario existing, ScenarioRequest request, String hash) {
        if (!hash.equals(existing.requestHash)) {
            return Uni.createFrom().failure(IdempotencyKeys.reused("scenario", existing.id));
        }
        if (existing.status != Scenario.Status.PENDING) {
            return Uni.createFrom().item(new Submission(existing, false));
        }
        // The first attempt may have died between commit and broker ack: sending again is safe, the
        // catalog is idempotent by scenarioId and the event carries the same ce_id.
        return publisher.publish(existing, request).replaceWith(new Submission(existing, false));
    }

    private Uni<Submission> register(ScenarioRequest request, String canonical, String hash, String scopedKey) {
        Scenario scenario = new Scenario();
        scenario.id = UUID.randomUUID().toString();
        scenario.status = Scenario.Status.PENDING;
        scenario.submittedAt = clock.instant();
        scenario.request = canonical;
        scenario.requestHash = hash;
        scenario.idempotencyKey = scopedKey;
        return Panache.withTransaction(() -> scenario.<Scenario>persist())
                .chain(saved -> publisher.publish(saved, request)
                        .onFailure().call(e -> Panache.withTransaction(() -> Scenario.deleteById(saved.id)))
                        .onFailure().transform(e -> new ProblemException(Problem.of(503, "Service Unavailable",
                                "The submission could not be published (Kafka): " + e.getMessage() + ". Nothing was stored; retry.")))
                        .replaceWith(new Submission(saved, true)));
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
        return Panache.withSession(() -> Scenario.<Scenario>findById(id)).chain(s -> {
            long remaining = deadline - System.nanoTime();
            if (s == null || s.status != Scenario.Status.PENDING || remaining <= 0) {
                return Uni.createFrom().item(s);
            }
            long waitMs = Math.max(1, Math.min(pollInterval.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
            return signalOrTimer(context, signal, waitMs).chain(() -> poll(id, deadline, signal, context));
        });
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
