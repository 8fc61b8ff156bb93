package dev.estimator.e2e.fault;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.fault.FaultReport.Row;
import dev.estimator.e2e.fault.KafkaAudit.Seen;
import dev.estimator.e2e.gateway.GatewayClient;
import dev.estimator.stack.DatabaseCoordinates;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.LocalStack.ServiceSpec;
import dev.estimator.stack.ServiceProcess;
import dev.estimator.stack.Topics;

/**
 * Fault injection against the real local stack (own KRaft broker process, embedded PostgreSQL, the four packaged
 * services as JVMs): each test submits a sweep through the gateway, injects one fault while it is in flight and
 * then counts, for that sweep,
 * <ul>
 * <li>lost: members that never reach COMPLETED or REJECTED in the gateway registry,</li>
 * <li>duplicates: records on {@code estimates}, read by a plain {@code read_committed} consumer from the beginning,
 * beyond the first per member,</li>
 * <li>orphans: records on {@code estimates} written during the fault for a scenario the registry does not know,</li>
 * <li>dead letters: records written to any {@code *.dlq} topic during the fault,</li>
 * </ul>
 * and asserts all four are 0 (and that every COMPLETED member has a committed estimate on the topic). Results go to
 * {@code target/fault-results.md}. One stack serves every fault; each test first checks that the previous fault
 * left a working pipeline (a single scenario goes through) and starts a fresh stack if not.
 * <p>
 * Short by default (sweeps of 2,000, the faults not tagged {@value #EXTENDED}, part of {@code ./mvnw verify});
 * {@code -Dfault.profile=full} for every fault, sweeps of 10,000 and 30 s hangs. See {@link FaultSettings} and
 * docs/reliability.md.
 */
@Tag("fault")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    /**
     * Faults only the full run injects ({@code -Dfault.profile=full}, see deploy/e2e/pom.xml), so the default
     * {@code ./mvnw verify} stays short: the other stages run the same chassis as cost-service, and the pauses and
     * the kill before the commit are variants of faults the short run has.
     */
    static final String EXTENDED = "fault-extended";

    private static final List<String> PIPELINE = List.of(Topics.SUBMITTED, Topics.RESOLVED, Topics.COMPUTED, Topics.ESTIMATES,
            Topics.REJECTED);
    /** Share of the sweep the faulted part must have passed on before the fault: it is busy with the rest. */
    private static final double TRIGGER_SHARE = 0.2;

    private final FaultSettings settings = FaultSettings.fromSystemProperties();
    private final Path root = Path.of(System.getProperty("estimator.root", "../..")).toAbsolutePath().normalize();
    private final Path target = root.resolve("deploy/e2e/target");
    /** The packaged services as they were when the suite started (others may rebuild the checkout meanwhile). */
    private Path apps;
    /** Every scenario id the registry accepted for this suite: an estimate for anything else is an orphan. */
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Sweeps given up on (fault -> sweep id): looked at again when the suite ends, to tell late from lost. */
    private final Map<String, String> givenUp = new java.util.LinkedHashMap<>();
    private LocalStack stack;
    private SweepApi api;
    private KafkaAudit kafka;
    private FaultReport report;

    @BeforeAll
    void startStack() {
        // -Dfault.services=<checkout>: measure the services packaged in another checkout (e.g. an older commit).
        Path services = Path.of(System.getProperty("fault.services", root.toString())).toAbsolutePath().normalize();
        apps = LocalStack.snapshotServices(services, target.resolve("fault-apps"));
        report = new FaultReport(services, apps, target.resolve("fault-results.md"), settings.describe());
        System.out.println("Fault suite, " + settings.describe());
        deleteRecursively(target.resolve("fault-logs"));
        startFreshStack();
    }

    @AfterAll
    void stopStack() {
        revisitGivenUp("at the end of the suite");
        report.write();
        report.print();
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The same sweep and measurements with no fault: the instruments read 0 on a healthy stack. Then one duplicate
     * estimate, one estimate for an id nobody submitted and one dead letter are written by hand, and the same
     * counts must find exactly those, so a 0 elsewhere means nothing was there, not that nothing was looked at.
     */
    @Test
    @Order(1)
    void noFault() {
        Run baseline = runFault("none (baseline)", Trigger.registry(), () -> {
        });
        Row row = baseline.row();
        assertClean(row);
        Counts planted = plantAnomalies(baseline);
        report.annotate(row.fault(), String.format(Locale.ROOT,
                "then 1 duplicate, 1 orphan and 1 dead letter written by hand: counted %d, %d and %d",
                planted.duplicates(), planted.orphans(), planted.deadLetters()));
        assertAll("the instruments see what was planted",
                () -> assertEquals(1, planted.duplicates(), "planted duplicate"),
                () -> assertEquals(1, planted.orphans(), "planted orphan"),
                () -> assertEquals(1, planted.deadLetters(), "planted dead letter"),
                () -> assertEquals(0, planted.lost(), "lost"));
    }

    private Counts plantAnomalies(Run baseline) {
        Map<String, String> members = api.members(baseline.sweepId(), settings.sweepSize());
        String member = members.keySet().iterator().next();
        JsonNode estimate = api.scenario(member).path("estimate");
        String stranger = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(estimateRecord(member, estimate.toString())).get(30, TimeUnit.SECONDS);
            producer.send(estimateRecord(stranger, estimate.toString().replace(member, stranger))).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.ESTIMATES + ".dlq", stranger, "planted by the fault suite")).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot plant records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return count(baseline.sweepId(), baseline.before());
    }

    private static ProducerRecord<String, String> estimateRecord(String id, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ESTIMATES, id, value);
        // As cost-service sends it (CloudEvents binary mode), so the gateway's registry takes it as an estimate.
        Map.of("ce_specversion", "1.0", "ce_id", id + ":estimator.estimate.completed", "ce_type", "estimator.estimate.completed",
                "ce_source", "fault-suite", "ce_subject", id, "ce_time", java.time.Instant.now().toString(), "content-type",
                "application/json").forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @Test
    @Tag(EXTENDED)
    @Order(2)
    void catalogServiceKilledMidSweep() {
        assertClean(killStage(LocalStack.CATALOG, Trigger.output(Topics.RESOLVED)));
    }

    @Test
    @Tag(EXTENDED)
    @Order(3)
    void computeServiceKilledMidSweep() {
        assertClean(killStage(LocalStack.COMPUTE, Trigger.output(Topics.COMPUTED)));
    }

    @Test
    @Order(4)
    void costServiceKilledMidSweep() {
        assertClean(killStage(LocalStack.COST, Trigger.output(Topics.ESTIMATES)));
    }

    @Test
    @Order(5)
    void gatewayKilledMidSweep() {
        assertClean(killStage(LocalStack.GATEWAY, Trigger.registry()));
    }

    @Test
    @Order(6)
    void postgresFastRestartMidSweep() {
        assertClean(runFault("PostgreSQL fast restart", Trigger.registry(), () -> stack.postgres().restart()).row());
    }

    @Test
    @Tag(EXTENDED)
    @Order(7)
    void postgresHungMidSweep() {
        assertClean(runFault("PostgreSQL hung " + settings.hang().toSeconds() + " s (SIGSTOP)", Trigger.registry(),
                () -> stack.postgres().hang(settings.hang())).row());
    }

    @Test
    @Order(8)
    void brokerHungMidSweep() {
        assertClean(runFault("broker hung " + settings.hang().toSeconds() + " s (SIGSTOP)", Trigger.registry(),
                () -> stack.broker().hang(settings.hang())).row());
    }

    @Test
    @Order(9)
    void brokerRestartedMidSweep() {
        assertClean(runFault("broker restart (SIGTERM, start again)", Trigger.registry(), () -> stack.broker().restart()).row());
    }

    /**
     * The gateway dies while it handles POST /sweeps, before the sweep is committed: frozen (SIGSTOP) the moment
     * its INSERT of the members runs in PostgreSQL, then killed. The client retries with the same Idempotency-Key
     * once the gateway is back: nothing was committed, so the retry stores the sweep, and every member completes.
     */
    @Test
    @Tag(EXTENDED)
    @Order(10)
    void gatewayKilledDuringPostBeforeCommitThenRetriedWithTheSameKey() {
        postKilled("kill -9 gateway during POST /sweeps before its commit, retry with the same key", KillPoint.INSERTING);
    }

    /**
     * The gateway dies while it handles POST /sweeps, right after the sweep is committed: frozen the moment the
     * sweep's row is visible in its database, then killed, while its members are being published (the answer may
     * or may not have left). The retry with the same Idempotency-Key must return the committed sweep, and every
     * member must complete (the members the dead gateway had not published yet included).
     */
    @Test
    @Order(11)
    void gatewayKilledDuringPostAfterCommitThenRetriedWithTheSameKey() {
        postKilled("kill -9 gateway during POST /sweeps after its commit, retry with the same key", KillPoint.COMMITTED);
    }

    /** Where in POST /sweeps the gateway is killed, as seen in its database. */
    enum KillPoint {
        /** The members' INSERT is running: the transaction is open, nothing committed. */
        INSERTING("select count(*) from pg_stat_activity where pid <> pg_backend_pid() and state = 'active'"
                + " and query ilike 'insert into scenario%'", false),
        /** The sweep's row is committed. */
        COMMITTED("select count(*) from sweep where idempotency_key like ?", true);

        final String sql;
        final boolean keyed;

        KillPoint(String sql, boolean keyed) {
            this.sql = sql;
            this.keyed = keyed;
        }

        boolean reached(Connection c, String key) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (keyed) {
                    ps.setString(1, "%:" + key);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) > 0;
                }
            }
        }
    }

    private void postKilled(String fault, KillPoint point) {
        int n = settings.sweepSize();
        List<String> notes = new ArrayList<>();
        try {
            ensureHealthy(notes);
            Map<TopicPartition, Long> before = kafka.endOffsets(allTopics());
            String key = UUID.randomUUID().toString();
            String token = token();
            String body = SweepApi.sweepBody("fault " + fault + " " + UUID.randomUUID(), n);
            ServiceProcess gateway = stack.service(LocalStack.GATEWAY);
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> first;
            boolean reached;
            try (Connection registry = gatewayDatabase()) {
                first = api.submit(body, token, key);
                do {
                    reached = point.reached(registry, key);
                    if (millisSince(start) > 120_000) {
                        throw new AssertionError("the first POST neither reached " + point + " nor answered within 2 minutes");
                    }
                } while (!reached && !first.isDone());
                // Frozen first, so what is recorded below is what the gateway had done when it died.
                gateway.pause();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot watch the gateway's database", e);
            }
            long killedAfter = millisSince(start);
            boolean answered = first.isDone() && !first.isCompletedExceptionally();
            long published = KafkaAudit.producedSince(before, kafka.endOffsets(List.of(Topics.SUBMITTED)), Topics.SUBMITTED);
            gateway.kill();
            sleep(settings.downtime());
            gateway.startAgain().awaitReady(Duration.ofMinutes(2));
            long faultEnd = System.nanoTime();

            List<String> committed = sweepsWithKey(key);
            HttpResponse<String> retry = retry(body, token, key);
            List<String> stored = sweepsWithKey(key);
            notes.add(String.format(Locale.ROOT, "killed %d ms into the POST, %s, %s, %,d of %,d on scenarios.submitted; "
                    + "first attempt %s; retry %s", killedAfter, reached ? "at " + point : point + " not seen",
                    answered ? "after its answer (" + join(first).statusCode() + ")" : "before its answer", published, n,
                    committed.isEmpty() ? "not committed" : "committed",
                    retry.statusCode() != 202 ? "HTTP " + retry.statusCode()
                            : committed.contains(id(retry)) ? "returned the same sweep" : "created a new sweep"));
            assertEquals(202, retry.statusCode(), "retry with the same Idempotency-Key: " + retry.body());
            String sweepId = id(retry);
            if (!committed.isEmpty() && !committed.get(0).equals(sweepId)) {
                // The first attempt's own members: nobody will ever finish them.
                Optional<JsonNode> abandoned = api.progress(committed.get(0));
                notes.add("first attempt's sweep " + committed.get(0) + " left with "
                        + abandoned.map(p -> p.path("pending").asText()).orElse("?") + " pending");
            }
            Row row = measure(fault, sweepId, start, faultEnd, before, n - published, notes);
            assertAll(fault,
                    () -> {
                        // After the commit the answer may win the race with the freeze; before it, an answer means the
                        // freeze came too late to test anything.
                        if (point == KillPoint.INSERTING) {
                            assertFalse(answered, "the first attempt was answered before the kill: the fault did not hit the request");
                        }
                    },
                    () -> {
                        if (!committed.isEmpty()) {
                            assertEquals(committed.get(0), sweepId, "the first attempt committed: the retry must return its sweep");
                        }
                    },
                    () -> assertEquals(1, stored.size(), "sweeps stored for the key: " + stored),
                    () -> assertCounts(row));
        } catch (RuntimeException | Error e) {
            recordFailure(fault, notes, e);
            throw e;
        }
    }

    private Row killStage(ServiceSpec spec, Trigger trigger) {
        return runFault("kill -9 " + spec.name() + ", restart " + settings.downtime().toSeconds() + " s later", trigger,
                () -> stack.killAndRestart(spec, settings.downtime())).row();
    }

    /**
     * When to inject the fault: once {@code share} of the sweep's members are on {@code topic} (null: finished in the
     * registry, which needs the POST answered first).
     */
    record Trigger(String topic, double share) {
        static Trigger output(String topic) {
            return new Trigger(topic, TRIGGER_SHARE);
        }

        static Trigger registry() {
            return new Trigger(null, TRIGGER_SHARE);
        }

        String describe() {
            return (topic == null ? "registry" : topic) + " >= " + Math.round(share * 100) + "%";
        }
    }

    /** One fault's row, and what it was measured against (the sweep, the offsets before the POST). */
    record Run(Row row, String sweepId, Map<TopicPartition, Long> before) {
    }

    private Run runFault(String fault, Trigger trigger, Runnable inject) {
        int n = settings.sweepSize();
        List<String> notes = new ArrayList<>();
        try {
            ensureHealthy(notes);
            Map<TopicPartition, Long> before = kafka.endOffsets(allTopics());
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> post = api.submit(SweepApi.sweepBody("fault " + fault + " " + UUID.randomUUID(), n),
                    token(), UUID.randomUUID().toString());
            long inFlight = awaitTrigger(trigger, post, before, n);
            long faultStart = System.nanoTime();
            inject.run();
            long faultEnd = System.nanoTime();
            notes.add(String.format(Locale.ROOT, "fault at %s, lasted %.1f s", trigger.describe(), (faultEnd - faultStart) / 1e9));
            HttpResponse<String> created = join(post);
            assertEquals(202, created.statusCode(), "POST /sweeps: " + created.body());
            String sweepId = id(created);
            return new Run(measure(fault, sweepId, start, faultEnd, before, inFlight, notes), sweepId, before);
        } catch (RuntimeException | Error e) {
            recordFailure(fault, notes, e);
            throw e;
        }
    }

    /** Waits for the trigger; returns how many members the faulted part had not passed on yet. */
    private long awaitTrigger(Trigger trigger, CompletableFuture<HttpResponse<String>> post, Map<TopicPartition, Long> before, int n) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (trigger.topic() != null) {
                long passed = KafkaAudit.producedSince(before, kafka.endOffsets(List.of(trigger.topic())), trigger.topic());
                if (passed >= trigger.share() * n) {
                    return n - passed;
                }
            } else if (post.isDone()) {
                HttpResponse<String> created = join(post);
                assertEquals(202, created.statusCode(), "POST /sweeps: " + created.body());
                Optional<JsonNode> progress = api.progress(id(created));
                if (progress.isPresent()) {
                    long pending = progress.get().path("pending").asLong();
                    if (n - pending >= trigger.share() * n || pending == 0) {
                        return pending;
                    }
                }
            }
            sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("the trigger (" + trigger.describe() + ") never fired within 2 minutes");
    }

    /** Waits for the sweep to finish (or to stall), then counts lost, duplicates, orphans and dead letters. */
    private Row measure(String fault, String sweepId, long start, long faultEnd, Map<TopicPartition, Long> before, long inFlight,
            List<String> notes) {
        int n = settings.sweepSize();
        Outcome outcome = awaitOutcome(sweepId, start, faultEnd);
        if (outcome.done()) {
            awaitQuiet();
        } else {
            notes.add("gave up: " + outcome.why());
            givenUp.put(fault, sweepId);
        }
        Counts counts = count(sweepId, before);
        if (counts.members() != n) {
            notes.add("the registry lists " + counts.members() + " members");
        }
        if (counts.unpublished() > 0) {
            notes.add(counts.unpublished() + " COMPLETED in the registry without a committed estimate on the topic");
        }
        Row row = new Row(fault, n, inFlight, counts.lost(), counts.duplicates(), counts.orphans(), counts.deadLetters(),
                outcome.seconds(), counts.unpublished(), String.join("; ", notes));
        report.add(row);
        return row;
    }

    /** What {@link #count} found for one sweep; see {@link Row} for each number. */
    record Counts(int members, long lost, long duplicates, long unpublished, long orphans, long deadLetters) {
    }

    /**
     * Counts, for a sweep: lost members (the registry's statuses, from the CSV export), duplicates and COMPLETED
     * members missing on {@code estimates} (a read_committed consumer from the beginning of the topic), orphans
     * (estimates since {@code before} for ids the registry answers 404 for) and dead letters since {@code before}.
     */
    private Counts count(String sweepId, Map<TopicPartition, Long> before) {
        Map<String, String> members = api.members(sweepId, settings.sweepSize());
        accepted.addAll(members.keySet());
        long lost = members.values().stream().filter(s -> !s.equals("COMPLETED") && !s.equals("REJECTED")).count();

        List<Seen> estimates = kafka.readCommitted(List.of(Topics.ESTIMATES), Map.of());
        Map<String, Long> perMember = estimates.stream().filter(r -> r.key() != null && members.containsKey(r.key()))
                .collect(Collectors.groupingBy(Seen::key, Collectors.counting()));
        long duplicates = perMember.values().stream().mapToLong(c -> c - 1).sum();
        long unpublished = members.entrySet().stream()
                .filter(m -> m.getValue().equals("COMPLETED") && !perMember.containsKey(m.getKey())).count();
        List<String> unknown = estimates.stream().filter(r -> r.offset() >= before.getOrDefault(r.topicPartition(), 0L))
                .map(Seen::key).filter(k -> k == null || !accepted.contains(k)).distinct().toList();
        long orphans = 0;
        for (String id : unknown) {
            if (id == null || api.scenarioStatus(id) == 404) {
                orphans++;
            } else {
                accepted.add(id);
            }
        }
        long deadLetters = kafka.readCommitted(kafka.deadLetterTopics(), before).size();
        return new Counts(members.size(), lost, duplicates, unpublished, orphans, deadLetters);
    }

    record Outcome(boolean done, double seconds, String why) {
    }

    /**
     * Polls the sweep until it is done. A sweep that is not done is given up on once nothing moved for
     * {@code settle} (no registry progress, no new record on any pipeline topic), or {@code timeout} after the fault.
     */
    private Outcome awaitOutcome(String sweepId, long start, long faultEnd) {
        String last = "";
        long lastChange = System.nanoTime();
        String pending = "?";
        while (true) {
            Optional<JsonNode> progress = api.progress(sweepId);
            if (progress.isPresent() && progress.get().path("done").asBoolean()) {
                return new Outcome(true, (System.nanoTime() - start) / 1e9, "");
            }
            pending = progress.map(p -> p.path("pending").asText()).orElse(pending);
            String now = progress.map(p -> p.path("completed").asText() + "/" + p.path("rejected").asText()).orElse("no answer") + " "
                    + activity();
            if (!now.equals(last) || transactionOpen()) {
                last = now;
                lastChange = System.nanoTime();
            }
            if (System.nanoTime() - lastChange > settings.settle().toNanos()) {
                return new Outcome(false, -1, pending + " pending, nothing moved for " + settings.settle().toSeconds() + " s");
            }
            if (System.nanoTime() - faultEnd > settings.timeout().toNanos()) {
                return new Outcome(false, -1, pending + " pending " + settings.timeout().toSeconds() + " s after the fault");
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** After the sweep is done, late redeliveries may still write: wait until no topic grows for 2 s (at most 30 s). */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = activity();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
            sleep(Duration.ofMillis(250));
            String now = activity();
            if (!now.equals(last)) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /** Total records ever written to the pipeline's topics and dead-letter topics ("?" while the broker does not answer). */
    private String activity() {
        try {
            return Long.toString(kafka.endOffsets(allTopics()).values().stream().mapToLong(Long::longValue).sum());
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /**
     * Whether a transaction is open on a pipeline topic: read_committed consumers wait for it (until its producer
     * commits, is fenced by its successor, or the broker aborts it at the transaction timeout), so the pipeline is
     * not idle even when nothing moves.
     */
    private boolean transactionOpen() {
        try {
            return kafka.openTransactions(allTopics()) > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Before a fault: every process is up (a part that died on its own is started again and noted) and one scenario
     * goes through the whole pipeline; if it does not, the previous fault broke the stack for good and a fresh one
     * is started, so one fault's damage is not counted against the next.
     */
    private void ensureHealthy(List<String> notes) {
        if (!stack.broker().isRunning()) {
            notes.add("the broker had died; started again");
            stack.broker().start();
        }
        for (ServiceSpec spec : LocalStack.SERVICES) {
            ServiceProcess service = stack.service(spec);
            if (!service.isAlive()) {
                notes.add(spec.name() + " had died; started again");
                service.startAgain().awaitReady(Duration.ofMinutes(2));
            }
        }
        if (!canaryCompletes()) {
            notes.add("a single scenario did not go through after the previous fault: fresh stack");
            startFreshStack();
            assertTrue(canaryCompletes(), "a single scenario does not go through a fresh stack");
        }
    }

    private boolean canaryCompletes() {
        Optional<JsonNode> done = api.submitAndWait(SweepApi.scenarioBody("canary " + UUID.randomUUID()), token());
        done.ifPresent(d -> accepted.add(d.path("id").asText()));
        return done.isPresent() && "COMPLETED".equals(done.get().path("status").asText());
    }

    /** Tells late from lost: a sweep given up on may still have finished since. */
    private void revisitGivenUp(String when) {
        if (api == null) {
            return;
        }
        givenUp.forEach((fault, sweepId) -> report.annotate(fault, api.progress(sweepId)
                .map(p -> p.path("done").asBoolean() ? "done " + when + " (late, not lost)" : p.path("pending").asText() + " still pending " + when)
                .orElse("not readable " + when)));
        givenUp.clear();
    }

    private void startFreshStack() {
        revisitGivenUp("when the stack was replaced");
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
        Map<String, String> env = new HashMap<>();
        env.put("SWEEP_MAX_SCENARIOS", Integer.toString(Math.max(10_000, settings.sweepSize())));
        if (settings.sessionTimeout() > 0) {
            // Quarkus hands every KAFKA_* variable to all Kafka clients as a default (kafka.session.timeout.ms).
            env.put("KAFKA_SESSION_TIMEOUT_MS", Integer.toString(settings.sessionTimeout()));
            env.put("KAFKA_HEARTBEAT_INTERVAL_MS", Integer.toString(Math.max(500, settings.sessionTimeout() / 6)));
        }
        Map<String, Integer> freePorts = Map.of("catalog-service", 0, "compute-service", 0, "cost-service", 0, "gateway", 0);
        // Embedded PostgreSQL always: restarting or hanging an external server is not this suite's business.
        stack = LocalStack.start(new LocalStack.Options(apps, target.resolve("fault-logs"), 0, null, List.of("-Xmx512m"), 0, null,
                null, null, freePorts, List.of("-Xmx384m", "-XX:+UseSerialGC"), env), System.out);
        api = new SweepApi(stack.url(LocalStack.GATEWAY));
        kafka = new KafkaAudit(stack.bootstrapServers());
    }

    private List<String> allTopics() {
        List<String> topics = new ArrayList<>(PIPELINE);
        topics.addAll(Topics.ALL.stream().filter(t -> t.endsWith(".dlq")).toList());
        return topics;
    }

    /** White-box: only the registry's sweep table says whether a killed POST committed (the key is stored scoped by client). */
    private List<String> sweepsWithKey(String key) {
        try (Connection c = gatewayDatabase()) {
            return sweepsWithKey(c, key);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the gateway's sweep table", e);
        }
    }

    private static List<String> sweepsWithKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from sweep where idempotency_key like ? order by created_at")) {
            ps.setString(1, "%:" + key);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private Connection gatewayDatabase() throws SQLException {
        DatabaseCoordinates db = stack.database(LocalStack.GATEWAY);
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /** The same POST again until the restarted gateway answers it (a client's retry loop). */
    private HttpResponse<String> retry(String body, String token, String key) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = api.submit(body, token, key).get(5, TimeUnit.MINUTES);
                if ((response.statusCode() < 500 && response.statusCode() != 429) || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the retried POST never got an answer", e.getCause());
                }
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError("the retried POST never got an answer", e);
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    /** A fault that broke off before it was measured still gets its row, saying why. */
    private void recordFailure(String fault, List<String> notes, Throwable e) {
        if (report.has(fault)) {
            return;
        }
        notes.add("not measured: " + e.getMessage());
        report.add(new Row(fault, settings.sweepSize(), -1, -1, -1, -1, -1, -1, 0, String.join("; ", notes)));
    }

    private static void assertClean(Row row) {
        assertAll(row.fault(),
                () -> assertTrue(row.inFlight() > 0, "the fault hit after the faulted part had passed the whole sweep on"),
                () -> assertCounts(row));
    }

    /** The four counts of the brief, and every COMPLETED member visible to a read_committed subscriber. */
    private static void assertCounts(Row row) {
        assertAll(row.fault(),
                () -> assertEquals(0, row.lost(), "members lost (never COMPLETED or REJECTED)"),
                () -> assertEquals(0, row.duplicates(), "duplicate records on estimates (read_committed)"),
                () -> assertEquals(0, row.orphans(), "estimates for scenarios the registry never accepted"),
                () -> assertEquals(0, row.deadLetters(), "records on *.dlq topics"),
                () -> assertEquals(0, row.unpublished(), "COMPLETED members without a committed estimate on the topic"));
    }

    private static String token() {
        // A subject of its own per sweep: rate limits and idempotency keys are per subject.
        return GatewayClient.token("analyst", "fault-suite-" + UUID.randomUUID());
    }

    private static String id(HttpResponse<String> response) {
        try {
            return SweepApi.JSON.readTree(response.body()).path("id").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static HttpResponse<String> join(CompletableFuture<HttpResponse<String>> post) {
        try {
            return post.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new AssertionError("POST /sweeps got no answer: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("POST /sweeps got no answer within 5 minutes", e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
