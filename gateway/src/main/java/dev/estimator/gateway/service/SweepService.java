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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Expands a sweep ({@code base} + {@code vary}) into its cartesian product, validates every member, and stores the
 * sweep (with its idempotency key) and all its scenarios, unpublished, in one transaction. The {@link OutboxRelay}
 * then publishes the members; the caller answers once the transaction committed, not after the broker's acks.
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

    private final Clock clock = Clock.systemUTC();

    /** A sweep's members, ready to store: each request, its canonical text and the varied values. */
    record Member(ScenarioRequest request, String canonical, Map<String, JsonNode> variant) {
    }

    public int maxScenarios() {
        return config.maxScenarios();
    }

    /** The outcome of a sweep submission: the sweep, and whether this call created it. */
    public record Creation(Sweep sweep, boolean created) {
    }

    /**
     * @param idempotencyKey optional; the same key and sweep from the same client return the first sweep (nothing
     *                       new is stored; the relay publishes whatever of it is still unpublished), another sweep is a 422
     */
    public Uni<Creation> create(SweepRequest request, String clientId, String idempotencyKey) {
        // Members are varied as JSON (a path set on the base), then bound and validated one by one.
        ObjectNode base = json.valueToTree(request.base());
        JsonNode vary = json.valueToTree(request.vary());
        LinkedHashMap<String, List<JsonNode>> axes = axes(vary);
        List<Member> members = expand(base, axes);

        Sweep sweep = new Sweep();
        sweep.id = UUID.randomUUID().toString();
        sweep.name = request.base().name();
        sweep.baseRequest = write(base);
        sweep.vary = write(vary);
        sweep.scenarioCount = members.size();
        // Microseconds, as PostgreSQL stores it: the relay's fast path and a later re-send then publish the same time.
        sweep.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        sweep.createdBy = clientId;
        if (idempotencyKey == null) {
            return register(sweep, members).map(s -> new Creation(s, true));
        }
        sweep.idempotencyKey = IdempotencyKeys.scoped(clientId, idempotencyKey);
        sweep.requestHash = hash(members);
        return findByKey(sweep.idempotencyKey).chain(existing -> existing != null ? replay(existing, sweep.requestHash)
                : register(sweep, members).map(s -> new Creation(s, true))
                        // A concurrent request with the same key won the unique index: answer with its sweep.
                        .onFailure(IdempotencyKeys::isUniqueViolation)
                        .recoverWithUni(() -> findByKey(sweep.idempotencyKey)
                                .chain(winner -> replay(winner, sweep.requestHash))));
    }

    private Uni<Sweep> register(Sweep sweep, List<Member> members) {
        List<Scenario> rows = new ArrayList<>(members.size());
        String traceContext = relay.traceContext();
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
        }
        Instant lease = relay.newLease();
        return store(sweep, rows, lease)
                // Before publishing: the registry's updates for these members are planned with the new statistics.
                .chain(() -> registry.analyzeAfterInsert(rows.size()))
                .invoke(() -> relay.submitted(rows.stream()
                        .map(s -> new OutboxRow(s.id, s.sweepId, s.submittedAt, s.request, s.traceContext)).toList(), lease))
                .replaceWith(sweep);
    }

    /** The sweep, its key and every member in one transaction, committed before the relay hears of them. */
    @WithTransaction
    Uni<Void> store(Sweep sweep, List<Scenario> members, Instant lease) {
        return sweeps.persist(sweep).chain(() -> scenarios.insertMembers(sweep.id, sweep.createdAt, members, lease));
    }

    @WithSession
    Uni<Sweep> findByKey(String scopedKey) {
        return sweeps.findByIdempotencyKey(scopedKey);
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
