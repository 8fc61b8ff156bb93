package dev.estimator.e2e.fuzz;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.gateway.GatewayClient;
import dev.estimator.stack.LocalStack;
import dev.estimator.stack.LocalStack.ServiceSpec;
import dev.estimator.stack.Signals;

/**
 * The fuzz suite (issue 13, item 6) against the real local stack (its own KRaft broker process, embedded PostgreSQL,
 * the four packaged services as JVMs, copied from the checkout at the start):
 * <ol>
 * <li>{@link #submissions}: seeded mutations of valid POST /scenarios and /sweeps requests ({@link SubmissionCases});</li>
 * <li>{@link #reads}: fuzzed paths, query strings and headers on every GET endpoint of the gateway and of the backends'
 * own ports ({@link ReadCases});</li>
 * <li>{@link #kafkaRecords}: fuzzed records produced straight onto each consumed topic ({@link KafkaFuzzer});</li>
 * <li>{@link #sseMemory}: the gateway's RSS with SSE clients that never read, during a large sweep ({@link SseMemoryCheck}).</li>
 * </ol>
 * The oracles: no 5xx and no request left unanswered (nothing here makes a dependency unavailable, so a 503 counts);
 * every 4xx is problem+json with {@code errors} or {@code detail}; every accepted scenario and sweep member reaches
 * COMPLETED or REJECTED; a fuzzed record that is not its topic's event reaches that topic's DLQ alone, a well-formed
 * invalid scenario reaches scenarios.rejected, and no other record lands in any DLQ; the gateway's peak RSS with stalled
 * SSE clients stays within {@code fuzz.rss.slackMib} of its peak with reading clients during the same sweep. After each
 * part a valid scenario must still go through (else the next part gets a fresh stack).
 * <p>
 * Seeded: the seed is printed first and with every violation; {@code -Dfuzz.seed=<seed>} replays the run and
 * {@code -Dfuzz.only=<case>} one case. Short by default (part of {@code ./mvnw verify}); {@code -Dfuzz.profile=full}
 * for the long run. Results in {@code target/fuzz-results.md}, logs in {@code target/fuzz-logs/}. See {@link FuzzSettings}
 * and docs/reliability.md, "Fuzzing".
 */
@Tag("fuzz")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FuzzIT {

    private final FuzzSettings settings = FuzzSettings.fromSystemProperties();
    private final Path root = Path.of(System.getProperty("estimator.root", "../..")).toAbsolutePath().normalize();
    private final Path target = root.resolve("deploy/e2e/target");
    private final Findings findings = new Findings();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path apps;
    private LocalStack stack;
    private HttpFuzzer fuzzer;
    private FuzzReport report;
    /** A scenario that completed and one that was rejected: known ids for reads, and the Kafka fuzzer's templates. */
    private final List<String> completed = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    /** The last part left a pipeline that does not complete a valid scenario. */
    private boolean broken;

    @BeforeAll
    void startStack() {
        System.out.println("Fuzz suite, " + settings.describe());
        System.out.println("Fuzz seed " + settings.seed() + " (replay with " + settings.replay() + ")");
        // -Dfuzz.services=<checkout>: fuzz the services packaged in another checkout.
        Path services = Path.of(System.getProperty("fuzz.services", root.toString())).toAbsolutePath().normalize();
        apps = LocalStack.snapshotServices(services, target.resolve("fuzz-apps"));
        report = new FuzzReport(services, apps, target.resolve("fuzz-results.md"), settings, findings);
        deleteRecursively(target.resolve("fuzz-logs"));
        startFreshStack();
    }

    @AfterAll
    void stopStack() {
        if (report != null) {
            report.write();
            System.out.println("\n" + report.text());
        }
        closeFast();
    }

    /**
     * Nothing of a fuzzed stack is kept: the services and the broker are killed (SIGKILL) and PostgreSQL shut down
     * immediately rather than drained and checkpointed, which on a busy machine saves a minute or two; then the stack
     * cleans up (data directories).
     */
    private void closeFast() {
        if (stack == null) {
            return;
        }
        for (ServiceSpec s : LocalStack.SERVICES) {
            stack.service(s).kill();
        }
        if (stack.broker() != null) {
            stack.broker().kill();
        }
        if (stack.postgres() != null && stack.postgres().isEmbedded()) {
            // PostgreSQL's immediate shutdown (SIGQUIT): no checkpoint of what the fuzzing wrote.
            try {
                long pid = stack.postgres().postmasterPid();
                Signals.send("QUIT", pid);
                ProcessHandle.of(pid).ifPresent(h -> {
                    try {
                        h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // close() below stops it the slow way
                    }
                });
            } catch (RuntimeException e) {
                System.out.println("PostgreSQL immediate shutdown failed (" + e.getMessage() + "); closing it the slow way");
            }
        }
        stack.close();
        stack = null;
    }

    @Test
    @Order(1)
    void submissions() {
        Assumptions.assumeTrue(settings.runs("submissions"));
        ensureHealthy("submissions");
        long start = System.nanoTime();
        SubmissionCases cases = new SubmissionCases(settings);
        fuzzer.run("submissions", settings.submissionCases(), cases::generate);
        long sent = System.nanoTime();
        long stuck = fuzzer.awaitAccepted("submissions");
        afterPart("submissions");
        report.part("submissions", String.format(Locale.ROOT, "%,d cases from %s in %.0f s, then %.0f s until every accepted one finished or "
                + "was given up on (%,d stuck)", findings.get("submissions.cases"), SubmissionCases.describeSeeds(), (sent - start) / 1e9,
                (System.nanoTime() - sent) / 1e9, stuck));
        assertClean("submissions");
    }

    @Test
    @Order(2)
    void reads() {
        Assumptions.assumeTrue(settings.runs("reads"));
        ensureHealthy("reads");
        long start = System.nanoTime();
        Map<String, List<String>> known = new HashMap<>();
        known.put("model", List.of("gpt-3-175b", "llama-2-70b"));
        known.put("accelerator", List.of("nvidia-h100-sxm", "nvidia-v100-32gb"));
        known.put("organization", List.of("openai", "meta"));
        known.put("price", List.of("1", "2"));
        List<String> scenarios = new ArrayList<>(completed);
        scenarios.addAll(rejected);
        List<String> sweeps = new ArrayList<>();
        fuzzer.accepted().stream().limit(50).forEach(a -> (a.sweep() ? sweeps : scenarios).add(a.id()));
        if (sweeps.isEmpty()) {
            sweeps.add(UUID.randomUUID().toString());
        }
        known.put("scenario", scenarios);
        known.put("sweep", sweeps);
        ReadCases cases = new ReadCases(settings, known);
        fuzzer.run("reads", settings.readCases(), cases::generate);
        afterPart("reads");
        report.part("reads", String.format(Locale.ROOT, "%,d cases over %d GET endpoints (gateway and backends) in %.0f s",
                findings.get("reads.cases"), ReadCases.ENDPOINTS.size(), (System.nanoTime() - start) / 1e9));
        assertClean("reads");
    }

    @Test
    @Order(3)
    void kafkaRecords() {
        Assumptions.assumeTrue(settings.runs("kafka"));
        ensureHealthy("kafka");
        long start = System.nanoTime();
        try (KafkaFuzzer kafka = new KafkaFuzzer(stack.bootstrapServers(), findings, settings)) {
            kafka.captureTemplates(completed.get(completed.size() - 1), rejected.get(rejected.size() - 1));
            kafka.run("kafka", settings.kafkaCases());
        }
        afterPart("kafka");
        report.part("kafka", String.format(Locale.ROOT, "%,d records in %.0f s (%d s until every consumer committed past them and every outcome arrived)",
                findings.get("kafka.cases"), (System.nanoTime() - start) / 1e9, findings.get("kafka.secondsToSettle")));
        assertClean("kafka");
    }

    @Test
    @Order(4)
    void sseMemory() {
        Assumptions.assumeTrue(settings.runs("sse"));
        boolean fresh = ensureHealthy("sse");
        SseMemoryCheck check = new SseMemoryCheck(stack.url(LocalStack.GATEWAY), stack.service(LocalStack.GATEWAY), settings);
        if (fresh || settings.only() != null) {
            // A gateway that has done nothing yet grows its heap during its first sweep whatever the clients do; otherwise the
            // earlier parts warmed it up.
            report.phase(check.run("warm-up, reading clients (not compared)", true));
        }
        SseMemoryCheck.Phase control = check.run("reading clients (control)", true);
        report.phase(control);
        System.out.println("FUZZ SSE " + control.describe());
        SseMemoryCheck.Phase stalled = check.run("stalled clients (connect, never read)", false);
        report.phase(stalled);
        System.out.println("FUZZ SSE " + stalled.describe());
        long bound = control.maxMib() + settings.rssSlackMib();
        // An open stream costs the gateway some heap however it is read (about 0.5 MiB each here): what the stalled clients hold
        // beyond what the reading ones held is what they were sent and did not read.
        boolean heapKnown = stalled.heldMib() >= 0 && control.heldMib() >= 0;
        long heapBound = control.heldMib() + settings.heapSlackMib();
        report.rssBound(String.format(Locale.ROOT, "RSS %d MiB (peak with %d reading clients, %d MiB, + %d MiB); held by the stalled clients "
                + "(live heap with them connected minus once they closed, smallest of three readings after full GCs each) %s", bound, control.clients(),
                control.maxMib(), settings.rssSlackMib(), heapKnown ? String.format(Locale.ROOT, "at most %d MiB (%d MiB held by the reading "
                        + "clients + %d MiB), measured %d MiB", heapBound, control.heldMib(), settings.heapSlackMib(), stalled.heldMib())
                        : "not measured (no jcmd)"));
        afterPart("sse");
        String seed = " (seed " + settings.seed() + ", " + settings.replay() + ")";
        if (stalled.maxMib() > bound) {
            findings.fail("sse", "RSS over the bound", "GET /api/v1/estimates/stream", stalled.maxMib() + " MiB > " + bound + " MiB", "stalled clients",
                    new Findings.Example("sse", stalled.describe(), control.describe()));
        }
        if (heapKnown && stalled.heldMib() > heapBound) {
            findings.fail("sse", "stalled clients hold estimates", "GET /api/v1/estimates/stream", "held " + stalled.heldMib() + " MiB > "
                    + heapBound + " MiB", "stalled clients", new Findings.Example("sse", stalled.describe(), control.describe()));
        }
        for (SseMemoryCheck.Phase p : List.of(control, stalled)) {
            if (!p.done()) {
                findings.fail("sse", "stuck", "POST /api/v1/sweeps", "sweep not done", p.name(), new Findings.Example("sse", p.describe(), p.note()));
            }
            if (!p.alive()) {
                findings.fail("sse", "gateway died", "GET /api/v1/estimates/stream", "process gone", p.name(), new Findings.Example("sse", p.describe(), ""));
            }
        }
        report.write();
        assertAll("SSE memory" + seed,
                () -> assertEquals(settings.sseClients(), control.opened(), "streams opened, control"),
                () -> assertEquals(settings.sseClients(), stalled.opened(), "streams opened, stalled"),
                () -> assertTrue(control.received() > 0, "the reading clients read estimates: " + control.describe()),
                () -> assertTrue(control.done() && stalled.done(), "both sweeps done: " + control.describe() + " / " + stalled.describe()),
                () -> assertTrue(stalled.alive(), "the gateway survived the stalled clients"),
                () -> assertTrue(stalled.maxMib() <= bound, String.format(Locale.ROOT, "gateway RSS with %d stalled SSE clients: max %d MiB, bound %d MiB"
                        + " (%d MiB with reading clients + %d MiB)", stalled.clients(), stalled.maxMib(), bound, control.maxMib(), settings.rssSlackMib())),
                () -> assertTrue(!heapKnown || stalled.heldMib() <= heapBound, String.format(Locale.ROOT, "%d stalled SSE clients held %d MiB of the "
                        + "gateway's live heap (with them connected %d MiB, once they closed %d MiB), bound %d MiB (%d MiB held by as many reading "
                        + "clients + %d MiB)", stalled.clients(), stalled.heldMib(), stalled.heapMib(), stalled.heapAfterCloseMib(), heapBound,
                        control.heldMib(), settings.heapSlackMib())),
                () -> assertTrue(findings.violations("sse") == 0, "violations" + findings.summary("sse", settings.seed())));
    }

    /** The part's oracle violations, every class with a replayable example. */
    private void assertClean(String part) {
        report.write();
        long violations = findings.violations(part);
        assertEquals(0, violations, part + ": " + violations + " violation(s), seed " + settings.seed() + " (replay: " + settings.replay() + ")"
                + findings.summary(part, settings.seed()));
    }

    /** After a part: a valid scenario must still go through, or the part broke the pipeline (a violation of that part). */
    private void afterPart(String part) {
        String state = canary();
        broken = !state.equals("COMPLETED");
        if (broken) {
            String down = readiness();
            findings.fail(part, "pipeline broken after the part", "POST /api/v1/scenarios", state, "-",
                    new Findings.Example("-", "a valid scenario with Prefer: wait=20 after the part", state + "; " + down));
            findings.note(part + ".broken", "a valid scenario did not complete after this part: " + state + "; " + down);
        }
    }

    /** Which services say they are not ready, and why (their /q/health/ready). */
    private String readiness() {
        List<String> down = new ArrayList<>();
        for (ServiceSpec s : LocalStack.SERVICES) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.url(s) + "/q/health/ready")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    down.add(s.name() + " not ready (" + r.statusCode() + "): " + r.body().replaceAll("\\s+", " ").substring(0, Math.min(400, r.body().length())));
                }
            } catch (IOException e) {
                down.add(s.name() + " not answering: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return down.isEmpty() ? "every service ready" : String.join("; ", down);
    }

    /** Before a part: every process up and a valid scenario goes through, else a fresh stack (then true). */
    private boolean ensureHealthy(String part) {
        boolean alive = stack.broker().isRunning() && LocalStack.SERVICES.stream().allMatch(s -> stack.service(s).isAlive());
        if (alive && !broken && canary().equals("COMPLETED") && rejectedCanary()) {
            return false;
        }
        findings.note(part + ".freshStack", "the stack was not healthy before this part (" + (alive ? "a valid scenario did not complete"
                : "a process had died: " + deadProcesses()) + "): started a fresh one");
        broken = false;
        startFreshStack();
        assertEquals("COMPLETED", canary(), "a valid scenario does not go through a fresh stack");
        assertTrue(rejectedCanary(), "a scenario with an unknown accelerator is not rejected by a fresh stack");
        return true;
    }

    private String deadProcesses() {
        List<String> dead = new ArrayList<>();
        if (!stack.broker().isRunning()) {
            dead.add("broker");
        }
        for (ServiceSpec s : LocalStack.SERVICES) {
            if (!stack.service(s).isAlive()) {
                dead.add(s.name());
            }
        }
        return String.join(", ", dead);
    }

    /** A valid scenario with Prefer: wait: its final status, or what went wrong. */
    private String canary() {
        JsonNode done = submitAndWait(SubmissionCases.LLAMA.replace("\"70B\"", "\"fuzz canary " + UUID.randomUUID() + "\""));
        if (done == null) {
            return "no 200 answer within 20 s";
        }
        String status = done.path("status").asText();
        if (status.equals("COMPLETED")) {
            completed.add(done.path("id").asText());
        }
        return status;
    }

    private boolean rejectedCanary() {
        JsonNode done = submitAndWait(SubmissionCases.LLAMA.replace("nvidia-h100-sxm", "fuzz-unknown-accelerator"));
        if (done != null && done.path("status").asText().equals("REJECTED")) {
            rejected.add(done.path("id").asText());
            return true;
        }
        return false;
    }

    private JsonNode submitAndWait(String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.url(LocalStack.GATEWAY) + "/api/v1/scenarios"))
                    .timeout(Duration.ofSeconds(35)).header("Content-Type", "application/json").header("Prefer", "wait=20")
                    .header("Authorization", "Bearer " + GatewayClient.token("analyst", "fuzz-canary-" + UUID.randomUUID()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JsonMutations.JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startFreshStack() {
        closeFast();
        Map<String, Integer> freePorts = Map.of("catalog-service", 0, "compute-service", 0, "cost-service", 0, "gateway", 0);
        // Embedded PostgreSQL always, and the services' own configuration (rate limit, sweep limit, SSE buffer): the
        // suite fuzzes what a deployment runs. -Xmx384m and the serial GC as in the fault suite, C1 only (less CPU).
        stack = LocalStack.start(new LocalStack.Options(apps, target.resolve("fuzz-logs"), 0, null, List.of("-Xmx512m"), 0, null, null, null,
                freePorts, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), Map.of()), System.out);
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceSpec s : LocalStack.SERVICES) {
            urls.put(s.name(), stack.url(s));
        }
        fuzzer = fuzzer == null ? new HttpFuzzer(urls, findings, settings) : fuzzer.on(urls);
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
