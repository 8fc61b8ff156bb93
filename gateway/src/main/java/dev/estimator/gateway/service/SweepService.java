package dev.estimator.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.chassis.error.InvalidInputException;
import dev.estimator.chassis.error.InvalidInputException.Violation;
import dev.estimator.gateway.config.GatewayConfig;
import dev.estimator.gateway.rest.ScenarioRequest;
import dev.estimator.gateway.rest.SweepRequest;
import dev.estimator.gateway.estimate.CartesianProduct;
import dev.estimator.gateway.messaging.OutboxRelay;
import dev.estimator.gateway.repository.OutboxRow;
import dev.estimator.gateway.repository.RegistryStore;
import dev.estimator.gateway.repository.Scenario;
import dev.estimator.gateway.repository.ScenarioRepository;
import dev.estimator.gateway.repository.Sweep;
import dev.estimator.gateway.repository.SweepRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Expands a sweep ({@code base} + {@code vary}) into its cartesian product, validates every member, and stores the
 * sweep (with its idempotency key) and all its scenarios, unpublished, in one transaction. The {@link OutboxRelay}
 * then publishes the members; the caller answers once the transaction committed, not after the broker's acks. A sweep
 * is bounded before it is expanded (members, bytes, the caller's rate limit), and expanded off the event loop.
 */
@ApplicationScoped
public class SweepService {

    /** At most this many field errors are reported for one sweep; the rest are usually the same mistake. */
    private static final int MAX_REPORTED_ERRORS = 20;

    @Inject
    RegistryStore registry;

    @Inject
    ScenarioRepository scenarios;

    @Inject
    SweepRepository sweeps;

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    OutboxRelay relay;

    @Inject
    GatewayConfig.Sweeps config;

    @Inject
    SubmissionRateLimiter limiter;

    @Inject
    ExpansionBudget budget;

    @Inject
    IdempotencyRetention keys;

    private final Clock clock = Clock.systemUTC();

    /** A sweep's members, ready to store: each request, its canonical text and the varied values. */
    record Member(ScenarioRequest request, String canonical, Map<String, JsonNode> variant) {
    }

    /** A sweep expanded and ready to store: its rows, what the relay publishes of them, and the hash over its members. */
    record Prepared(Sweep sweep, List<Scenario> rows, List<OutboxRow> outbox, String hash) {
    }

    public int maxScenarios() {
        return config.maxScenarios();
    }

    /** The outcome of a sweep submission: the sweep, and whether this call created it. */
    public record Creation(Sweep sweep, boolean created) {
    }

    /**
     * In this order, each step refusing before the next one's work: the number of members (400), their total size
     * (422, gateway.sweeps.max-expanded-bytes), a sweep already stored under the key (replayed, costing nothing), the
     * caller's scenario rate limit (429, a token per member); then the members are expanded, validated and turned
     * into rows on a worker thread, and stored from the event loop in one transaction.
     *
     * @param idempotencyKey optional; the same key and sweep from the same client return the first sweep (nothing
     *                       new is stored; the relay publishes whatever of it is still unpublished), another sweep is a 422
     */
    public Uni<Creation> create(SweepRequest request, String clientId, String idempotencyKey) {
        // Members are varied as JSON (a path set on the base), then bound and validated one by one.
        ObjectNode base = json.valueToTree(request.base());
        JsonNode vary = json.valueToTree(request.vary());
        LinkedHashMap<String, List<JsonNode>> axes = axes(vary);
        long count = CartesianProduct.size(axes);
        String baseText = write(base);
        long perMember = bytesPerMember(baseText, axes);
        long maxBytes = config.maxExpandedBytes().asLongValue();
        if (count * perMember > maxBytes) {
            throw new SweepTooLargeException(count, perMember, maxBytes);
        }
        if (count > limiter.maxScenariosAtOnce()) {
            throw InvalidInputException.of("vary", "expands to " + count + " scenarios; the rate limit lets a client submit at "
                    + "most " + limiter.maxScenariosAtOnce() + " at once (split it into several sweeps)");
        }

        Sweep sweep = new Sweep();
        sweep.id = UUID.randomUUID().toString();
        sweep.name = request.base().name();
        sweep.baseRequest = baseText;
        sweep.vary = write(vary);
        sweep.scenarioCount = (int) count;
        // Microseconds, as PostgreSQL stores it: the relay's fast path and a later re-send then publish the same time.
        sweep.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        sweep.createdBy = clientId;
        sweep.idempotencyKey = idempotencyKey == null ? null : IdempotencyKeys.scoped(clientId, idempotencyKey);
        // Read here, on the request's context: the worker thread has neither its trace nor its Vert.x context.
        String traceContext = relay.traceContext();
        Context context = Vertx.currentContext();
        Uni<Sweep> previous = sweep.idempotencyKey == null ? Uni.createFrom().nullItem() : findByKey(sweep.idempotencyKey);
        long bytes = count * perMember;
        return previous.chain(existing -> {
            if (existing != null) {
                return withinBudget(bytes, () -> prepare(context, sweep, base, axes, traceContext)
                        .chain(prepared -> replay(existing, prepared.hash())));
            }
            limiter.acquireScenarios(clientId, count);
            return withinBudget(bytes, () -> prepare(context, sweep, base, axes, traceContext).chain(this::register))
                    .onItemOrFailure().invoke((creation, failure) -> {
                        if (failure != null ? !(failure instanceof InvalidInputException) : !creation.created()) {
                            limiter.refundScenarios(clientId, count);
                        }
                    });
        });
    }

    /** {@code work} holding {@code bytes} of the replica's expansion budget until it ends; a 503 if they do not fit now. */
    private <T> Uni<T> withinBudget(long bytes, java.util.function.Supplier<Uni<T>> work) {
        if (!budget.tryTake(bytes)) {
            return Uni.createFrom().failure(new SweepsBusyException());
        }
        return Uni.createFrom().<T> deferred(() -> work.get()).onTermination().invoke(() -> budget.release(bytes));
    }

    /**
     * Expands the members on a worker thread (the JSON trees, validation, canonical text and hashes of up to
     * max-expanded-bytes would hold the event loop for seconds) and comes back on the request's Vert.x context, before
     * any database session is opened: Hibernate Reactive runs on that context only.
     */
    private Uni<Prepared> prepare(Context context, Sweep sweep, ObjectNode base, LinkedHashMap<String, List<JsonNode>> axes,
            String traceContext) {
        if (context == null) {
            return Uni.createFrom().item(() -> build(sweep, base, axes, traceContext));
        }
        return Uni.createFrom().completionStage(() -> context
                .executeBlocking(() -> build(sweep, base, axes, traceContext), false).toCompletionStage());
    }

    /** The members as rows, off the event loop. */
    Prepared build(Sweep sweep, ObjectNode base, LinkedHashMap<String, List<JsonNode>> axes, String traceContext) {
        if (Context.isOnEventLoopThread()) {
            // Every sweep test passes through here: expanding on the event loop is a bug, not a slow path.
            throw new IllegalStateException("A sweep must be expanded on a worker thread, not on the event loop");
        }
        List<Member> members = expand(base, axes);
        String hash = hash(members);
        if (sweep.idempotencyKey != null) {
            sweep.requestHash = hash;
        }
        List<Scenario> rows = new ArrayList<>(members.size());
        List<OutboxRow> outbox = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            Scenario s = new Scenario();
            s.id = UUID.randomUUID().toString();
            s.sweepId = sweep.id;
            s.sweepIndex = i;
            s.variant = write(m.variant());
            s.status = Scenario.Status.PENDING;
            s.submittedAt = sweep.createdAt;
            s.request = m.canonical();
            s.requestHash = ScenarioRequestBinder.sha256(m.canonical());
            s.traceContext = traceContext;
            rows.add(s);
            outbox.add(new OutboxRow(s.id, s.sweepId, s.submittedAt, s.request, s.traceContext));
        }
        return new Prepared(sweep, rows, outbox, hash);
    }

    /**
     * What one member will take, at most: the base, and the longest value of each varied path (it may replace a
     * shorter one, or add a field the base lacks). Read from the request, before anything is expanded.
     */
    static long bytesPerMember(String baseText, LinkedHashMap<String, List<JsonNode>> axes) {
        long bytes = baseText.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, List<JsonNode>> axis : axes.entrySet()) {
            long longest = 0;
            for (JsonNode value : axis.getValue()) {
                longest = Math.max(longest, value.toString().length());
            }
            bytes += axis.getKey().length() + longest + 4;
        }
        return bytes;
    }

    private Uni<Creation> register(Prepared prepared) {
        Sweep sweep = prepared.sweep();
        Instant lease = relay.newLease();
        Uni<Creation> stored = store(sweep, prepared.rows(), lease)
                // Before publishing: the registry's updates for these members are planned with the new statistics.
                .chain(() -> registry.analyzeAfterInsert(prepared.rows().size()))
                .invoke(() -> relay.submitted(prepared.outbox(), lease))
                .replaceWith(new Creation(sweep, true));
        if (sweep.idempotencyKey == null) {
            return stored;
        }
        // A concurrent request with the same key won the unique index: answer with its sweep. If it cannot be read (it
        // failed and was rolled back), nothing was stored for either: a 409 asks to retry.
        return stored.onFailure(IdempotencyKeys::isUniqueViolation).recoverWithUni(() -> findByKey(sweep.idempotencyKey)
                .chain(winner -> winner == null ? Uni.createFrom().failure(new IdempotencyKeyBusyException("sweep"))
                        : replay(winner, prepared.hash())));
    }

    /**
     * The sweep, its key and every member in one transaction, committed before the relay hears of them. The key of an
     * expired sweep is released in the same transaction, so it can be used again at once.
     */
    @WithTransaction
    Uni<Void> store(Sweep sweep, List<Scenario> members, Instant lease) {
        Uni<Integer> release = sweep.idempotencyKey == null ? Uni.createFrom().item(0)
                : sweeps.releaseExpiredKey(sweep.idempotencyKey, keys.cutoff());
        return release.chain(() -> sweeps.persist(sweep))
                .chain(() -> scenarios.insertMembers(sweep.id, sweep.createdAt, members, lease));
    }

    /** The sweep stored under this key within the retention (gateway.idempotency.retention), if any. */
    @WithSession
    Uni<Sweep> findByKey(String scopedKey) {
        return sweeps.findByIdempotencyKey(scopedKey, keys.cutoff());
    }

    /**
     * Same key: the first sweep if it is the same sweep, as it is. Nothing is published from here: members the first
     * attempt stored but never published (it died first) are published by the relay once their lease runs out.
     */
    private static Uni<Creation> replay(Sweep existing, String hash) {
        return IdempotencyKeys.replay(new Creation(existing, false), "sweep", existing.id, existing.requestHash, hash);
    }

    /** Over every member's normalized request in sweep order: equal exactly when the sweeps would be equal. */
    static String hash(List<Member> members) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Member m : members) {
                digest.update(m.canonical().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    LinkedHashMap<String, List<JsonNode>> axes(JsonNode vary) {
        if (vary == null || !vary.isObject() || vary.isEmpty()) {
            throw InvalidInputException.of("vary",
                    "is required: an object of request path -> array of values, e.g. {\"hardware.count\": [512, 1024]}");
        }
        List<Violation> errors = new ArrayList<>();
        LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vary.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> axis = it.next();
            String field = "vary." + axis.getKey();
            if (!ScenarioRequestBinder.VARIABLE_PATHS.contains(axis.getKey())) {
                errors.add(new Violation(field, "is not a request field a sweep can vary; use one of "
                        + ScenarioRequestBinder.VARIABLE_PATHS.stream().sorted().toList()));
            } else if (!axis.getValue().isArray() || axis.getValue().isEmpty()) {
                errors.add(new Violation(field, "must be a non-empty array of values"));
            } else {
                List<JsonNode> values = new ArrayList<>();
                axis.getValue().forEach(values::add);
                axes.put(axis.getKey(), values);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        long size = CartesianProduct.size(axes);
        int maxScenarios = maxScenarios();
        if (size > maxScenarios) {
            throw InvalidInputException.of("vary", "expands to " + size
                    + " scenarios; a sweep may have at most " + maxScenarios + " (split it into several sweeps)");
        }
        return axes;
    }

    List<Member> expand(ObjectNode base, LinkedHashMap<String, List<JsonNode>> axes) {
        List<Map<String, JsonNode>> combinations = CartesianProduct.all(axes);
        List<Member> members = new ArrayList<>(combinations.size());
        LinkedHashSet<Violation> errors = new LinkedHashSet<>();
        for (Map<String, JsonNode> variant : combinations) {
            ObjectNode request = base.deepCopy();
            variant.forEach((path, value) -> set(request, path, value));
            try {
                ScenarioRequest bound = binder.bind(request);
                members.add(new Member(bound, binder.canonical(bound), variant));
            } catch (InvalidInputException e) {
                for (Violation error : e.violations()) {
                    // Name the axis when the varied value is at fault, so the user knows which list to fix.
                    String field = variant.containsKey(error.field()) ? "vary." + error.field() : "base." + error.field();
                    errors.add(new Violation(field, error.message()));
                }
                if (errors.size() >= MAX_REPORTED_ERRORS) {
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(new ArrayList<>(errors));
        }
        return members;
    }

    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
