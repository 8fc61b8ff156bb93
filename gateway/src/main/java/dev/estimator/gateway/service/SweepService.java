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

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.estimator.gateway.domain.RegistryStorage;
import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.domain.ScenarioRequest;
import dev.estimator.gateway.domain.Sweep;
import dev.estimator.gateway.estimate.CartesianProduct;
import dev.estimator.gateway.messaging.OutboxRelay;
import dev.estimator.gateway.messaging.SubmittedEvents.Outbound;
import dev.estimator.chassis.rest.Problem.FieldError;
import io.quarkus.hibernate.reactive.panache.Panache;
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
    RegistryStorage registryStorage;

    @Inject
    ObjectMapper json;

    @Inject
    ScenarioRequestBinder binder;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "gateway.sweeps.max-scenarios", defaultValue = "10000")
    int maxScenarios;

    private final Clock clock = Clock.systemUTC();

    /** A sweep's members, ready to store: each request, its canonical text and the varied values. */
    record Member(ScenarioRequest request, String canonical, Map<String, JsonNode> variant) {
    }

    public int maxScenarios() {
        return maxScenarios;
    }

    /** The outcome of a sweep submission: the sweep, and whether this call created it. */
    public record Creation(Sweep sweep, boolean created) {
    }

    /**
     * @param idempotencyKey optional; the same key and sweep from the same client return the first sweep (nothing
     *                       new is stored; the relay publishes whatever of it is still unpublished), another sweep is a 422
     */
    public Uni<Creation> create(JsonNode body, String clientId, String idempotencyKey) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "must be a JSON object {base, vary}")));
        }
        JsonNode base = body.get("base");
        if (base == null || !base.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("base", "is required: a scenario request")));
        }
        LinkedHashMap<String, List<JsonNode>> axes = axes(body.get("vary"));
        List<Member> members = expand((ObjectNode) base, axes);

        Sweep sweep = new Sweep();
        sweep.id = UUID.randomUUID().toString();
        sweep.name = base.path("name").isTextual() ? base.get("name").asText() : null;
        sweep.baseRequest = write(base);
        sweep.vary = write(body.get("vary"));
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
        List<Scenario> scenarios = new ArrayList<>(members.size());
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
            scenarios.add(s);
        }
        Instant lease = relay.newLease();
        return Panache.withTransaction(() -> sweep.persist().chain(() -> insertMembers(sweep, scenarios, lease)))
                // Before publishing: the registry's updates for these members are planned with the new statistics.
                .chain(() -> registryStorage.analyzeAfterInsert(scenarios.size()))
                .invoke(() -> relay.submitted(scenarios.stream()
                        .map(s -> new Outbound(s.id, s.sweepId, s.submittedAt, s.request)).toList(), lease))
                .replaceWith(sweep);
    }

    /**
     * All members in one statement, with the columns as arrays: persisting up to 10,000 entities made Hibernate
     * track, flush and bind each one, and PostgreSQL parse as many single-row inserts. Same transaction as the sweep
     * row (the session's connection); the columns not set here start out null, as for a new entity.
     */
    private Uni<Void> insertMembers(Sweep sweep, List<Scenario> scenarios, Instant lease) {
        int n = scenarios.size();
        String[] ids = new String[n];
        Integer[] indexes = new Integer[n];
        String[] variants = new String[n];
        String[] requests = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            Scenario s = scenarios.get(i);
            ids[i] = s.id;
            indexes[i] = s.sweepIndex;
            variants[i] = s.variant;
            requests[i] = s.request;
            hashes[i] = s.requestHash;
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_MEMBERS)
                .setParameter(1, sweep.id)
                .setParameter(2, sweep.createdAt)
                .setParameter(3, ids)
                .setParameter(4, indexes)
                .setParameter(5, variants)
                .setParameter(6, requests)
                .setParameter(7, hashes)
                .setParameter(8, lease)
                .executeUpdate())
                .replaceWithVoid();
    }

    static final String INSERT_MEMBERS = """
            INSERT INTO scenario (id, sweep_id, sweep_index, variant, status, submitted_at, request, request_hash, version,
                                  publish_lease_until)
            SELECT u.id, ?1, u.sweep_index, u.variant, 'PENDING', ?2, u.request, u.request_hash, 0, ?8
            FROM unnest(cast(?3 AS text[]), cast(?4 AS int[]), cast(?5 AS text[]), cast(?6 AS text[]), cast(?7 AS text[]))
                 AS u(id, sweep_index, variant, request, request_hash)""";

    private Uni<Sweep> findByKey(String scopedKey) {
        return Panache.withSession(() -> Sweep.<Sweep>find("idempotencyKey", scopedKey).firstResult());
    }

    /**
     * Same key: the first sweep if it is the same sweep, as it is. Nothing is published from here: members the first
     * attempt stored but never published (it died first) are published by the relay once their lease runs out.
     */
    private Uni<Creation> replay(Sweep existing, String hash) {
        if (!hash.equals(existing.requestHash)) {
            return Uni.createFrom().failure(IdempotencyKeys.reused("sweep", existing.id));
        }
        return Uni.createFrom().item(new Creation(existing, false));
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
            throw new InvalidRequestException(List.of(new FieldError("vary",
                    "is required: an object of request path -> array of values, e.g. {\"hardware.count\": [512, 1024]}")));
        }
        List<FieldError> errors = new ArrayList<>();
        LinkedHashMap<String, List<JsonNode>> axes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vary.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> axis = it.next();
            String field = "vary." + axis.getKey();
            if (!ScenarioRequestBinder.VARIABLE_PATHS.contains(axis.getKey())) {
                errors.add(new FieldError(field, "is not a request field a sweep can vary; use one of "
                        + ScenarioRequestBinder.VARIABLE_PATHS.stream().sorted().toList()));
            } else if (!axis.getValue().isArray() || axis.getValue().isEmpty()) {
                errors.add(new FieldError(field, "must be a non-empty array of values"));
            } else {
                List<JsonNode> values = new ArrayList<>();
                axis.getValue().forEach(values::add);
                axes.put(axis.getKey(), values);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        long size = CartesianProduct.size(axes);
        if (size > maxScenarios) {
            throw new InvalidRequestException(List.of(new FieldError("vary", "expands to " + size
                    + " scenarios; a sweep may have at most " + maxScenarios + " (split it into several sweeps)")));
        }
        return axes;
    }

    List<Member> expand(ObjectNode base, LinkedHashMap<String, List<JsonNode>> axes) {
        List<Map<String, JsonNode>> combinations = CartesianProduct.all(axes);
        List<Member> members = new ArrayList<>(combinations.size());
        LinkedHashSet<FieldError> errors = new LinkedHashSet<>();
        for (Map<String, JsonNode> variant : combinations) {
            ObjectNode request = base.deepCopy();
            variant.forEach((path, value) -> set(request, path, value));
            try {
                ScenarioRequest bound = binder.bind(request);
                members.add(new Member(bound, binder.canonical(bound), variant));
            } catch (InvalidRequestException e) {
                for (FieldError error : e.errors()) {
                    // Name the axis when the varied value is at fault, so the user knows which list to fix.
                    String field = variant.containsKey(error.field()) ? "vary." + error.field() : "base." + error.field();
                    errors.add(new FieldError(field, error.message()));
                }
                if (errors.size() >= MAX_REPORTED_ERRORS) {
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(new ArrayList<>(errors));
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
