package dev.estimator.e2e.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.fuzz.RawHttp.Header;
import dev.estimator.e2e.gateway.GatewayClient;

/**
 * Sends HTTP cases and applies the oracle to every answer:
 * <ul>
 * <li>an answer at all (a dropped connection or a timeout is a violation),</li>
 * <li>no 5xx (this suite never makes a dependency unavailable, so a 503 counts too),</li>
 * <li>every 4xx is {@code application/problem+json} with a non-empty {@code errors} or {@code detail},</li>
 * <li>every 202 (and 200) of a submission carries its id, and every accepted scenario and sweep member reaches COMPLETED or
 * REJECTED in the registry ({@link #awaitAccepted}); an Idempotency-Key race with one body answers one id.</li>
 * </ul>
 * Submissions carry an analyst token whose subject changes every {@value #POSTS_PER_SUBJECT} requests per thread, so
 * the per-client rate limit (a burst of 50) leaves the fuzzed bodies to the validation.
 */
final class HttpFuzzer {

    static final int POSTS_PER_SUBJECT = 20;

    /** A scenario or sweep the gateway accepted, and the case that got it accepted. */
    record Accepted(String id, boolean sweep, int members, HttpCase from) {
    }

    private final Map<String, String> baseUrls;
    private final Findings findings;
    private final FuzzSettings settings;
    private final Map<String, RawHttp> clients = new ConcurrentHashMap<>();
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<String[]> token = new ThreadLocal<>();
    private final ThreadLocal<int[]> posts = ThreadLocal.withInitial(() -> new int[1]);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpFuzzer(Map<String, String> baseUrls, Findings findings, FuzzSettings settings) {
        this.baseUrls = baseUrls;
        this.findings = findings;
        this.settings = settings;
    }

    /** The same findings and settings against another stack (after a fresh start). */
    HttpFuzzer on(Map<String, String> urls) {
        return new HttpFuzzer(urls, findings, settings);
    }

    /** Runs cases 0..count-1 of {@code part} on {@code settings.threads()} threads. */
    void run(String part, int count, IntFunction<HttpCase> generator) {
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        List<Future<?>> futures = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            if (!settings.runs(part, n)) {
                continue;
            }
            int i = n;
            futures.add(pool.submit(() -> {
                HttpCase c = generator.apply(i);
                findings.add(part + ".cases", 1);
                execute(part, c);
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                pool.shutdownNow();
                throw new IllegalStateException("a case failed to run (not an oracle violation): " + e, e);
            }
        }
        pool.shutdown();
    }

    private void execute(String part, HttpCase c) {
        RawHttp client = clients.computeIfAbsent(c.service(), s -> new RawHttp(baseUrls.get(s), 90_000));
        // One token per case: the copies of a race are one client's retries (the gateway scopes keys by token subject).
        String token = c.auth() ? token() : null;
        if (c.copies() <= 1) {
            check(part, c, client.send(request(c, c.body(), token)));
            return;
        }
        // An Idempotency-Key race: the copies leave together.
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < c.copies(); i++) {
            bodies.add(i % 2 == 1 ? c.altBody() : c.body());
        }
        List<RawHttp.Request> requests = bodies.stream().map(b -> request(c, b, token)).toList();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<RawHttp.Response> responses = new ArrayList<>();
        for (RawHttp.Request r : requests) {
            responses.add(null);
        }
        for (int i = 0; i < requests.size(); i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                RawHttp.Response r = client.send(requests.get(k));
                synchronized (responses) {
                    responses.set(k, r);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            try {
                t.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            RawHttp.Response r = responses.get(i);
            String id = check(part, c, r == null ? new RawHttp.Response(-1, Map.of(), new byte[0], "no answer within 120 s", 120_000) : r);
            if (id != null && bodies.get(i) == c.body()) {
                ids.add(id);
            }
        }
        if (ids.stream().distinct().count() > 1) {
            findings.fail(part, "idempotency race answered different ids", c.endpoint(), "ids " + ids, c.operator(),
                    new Findings.Example(c.id(), c.describe(300), "ids " + ids));
        }
    }

    private RawHttp.Request request(HttpCase c, byte[] body, String token) {
        List<Header> headers = new ArrayList<>(c.headers());
        if (token != null) {
            headers.add(0, Header.of("Authorization", "Bearer " + token));
        }
        return new RawHttp.Request(c.method(), c.target(), headers, body, c.hostHeader());
    }

    /** A valid analyst token, its subject new every {@value #POSTS_PER_SUBJECT} submissions on this thread. */
    private String token() {
        int[] n = posts.get();
        String[] current = token.get();
        if (current == null || n[0]++ % POSTS_PER_SUBJECT == 0) {
            current = new String[] { GatewayClient.token("analyst", "fuzz-" + UUID.randomUUID()) };
            token.set(current);
        }
        return current[0];
    }

    /** Applies the oracle; returns the id a submission was answered with, if any. */
    String check(String part, HttpCase c, RawHttp.Response r) {
        findings.add(part + ".requests", 1);
        findings.add("http.requests", 1);
        if (c.operator().equals(ReadCases.WRITE_WITHOUT_ADMIN)) {
            findings.add("reads.writes", 1);
        }
        findings.max(part + ".slowestMillis", r.millis());
        if (r.millis() > 10_000) {
            findings.note("slow." + c.id(), r.millis() + " ms: " + c.endpoint() + " " + String.join(", ", c.mutations()) + " -> "
                    + (r.status() < 0 ? "no answer" : r.status()));
        }
        String status = r.status() < 0 ? "no answer" : Integer.toString(r.status());
        findings.status(c.endpoint(), status);
        if (r.status() < 0) {
            violation(part, "no answer", c, "no answer", r);
            return null;
        }
        if (r.status() >= 500) {
            violation(part, "5xx", c, status, r);
            return null;
        }
        if (r.status() >= 400) {
            if (codecRefusal(c, r)) {
                // Counted, and listed in the report by endpoint and status like every answer; not a violation.
                findings.add("http.codecRefusals", 1);
            } else if (!c.method().equals("HEAD") && !isProblem(r)) {
                violation(part, "4xx without problem+json", c, status + " " + (r.body().length == 0 ? "(empty body)" : shortType(r)), r);
            } else if (r.status() == 404 && onlyQueryFuzzed(c)) {
                // The route exists (a list, no id): a query value it cannot use is a 400 naming the parameter, not a 404.
                violation(part, "404 for a bad query parameter", c, status, r);
            }
            return null;
        }
        if (c.operator().equals(ReadCases.WRITE_WITHOUT_ADMIN)) {
            violation(part, "write without an admin token accepted", c, status, r);
            return null;
        }
        boolean submission = c.method().equals("POST") && (c.endpoint().endsWith(SubmissionCases.SCENARIOS) || c.endpoint().endsWith(SubmissionCases.SWEEPS));
        if (submission && (r.status() == 202 || r.status() == 200)) {
            try {
                JsonNode body = JsonMutations.JSON.readTree(r.body());
                String id = body.path("id").asText("");
                if (id.isEmpty()) {
                    violation(part, "2xx without an id", c, status, r);
                    return null;
                }
                boolean sweep = body.has("scenarioCount");
                findings.add(sweep ? "http.acceptedSweeps" : "http.acceptedScenarios", 1);
                String state = body.path("status").asText("PENDING");
                if (state.equals("COMPLETED") || state.equals("REJECTED")) {
                    finished.add(id);
                }
                accepted.putIfAbsent(id, new Accepted(id, sweep, sweep ? body.path("scenarioCount").asInt() : 1, c));
                return id;
            } catch (java.io.IOException e) {
                violation(part, "2xx without an id", c, status + " not JSON", r);
            }
        }
        return null;
    }

    /** Vert.x's defaults (quarkus.http.limits.max-initial-line-length and max-header-size), which no service changes. */
    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEADER_SECTION = 20 * 1024;

    /**
     * What Vert.x's HTTP parser refuses before any handler of the service runs: a request line beyond its limit (414),
     * a header section beyond its limit (431), a header name or value with control characters (400). Vert.x answers
     * these itself, with an empty body, and closes the connection; Quarkus offers no hook to word them (see
     * docs/reliability.md). Only a request that objectively breaks one of these rules may be answered so: the same empty
     * answer to anything else is a violation.
     */
    static boolean codecRefusal(HttpCase c, RawHttp.Response r) {
        if (r.body().length != 0) {
            return false;
        }
        return switch (r.status()) {
            case 414 -> c.method().length() + 1 + c.target().length + " HTTP/1.1".length() > MAX_REQUEST_LINE;
            case 431 -> c.headers().stream().mapToInt(h -> h.name().length() + 4 + h.value().length).sum() > MAX_HEADER_SECTION - 1024;
            case 400 -> c.headers().stream().anyMatch(h -> hasControl(h.value()) || h.name().isEmpty());
            default -> false;
        };
    }

    private static boolean hasControl(byte[] value) {
        for (byte b : value) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** A GET of a list endpoint (no id in the route) whose path and headers are valid: only its query was fuzzed. */
    static boolean onlyQueryFuzzed(HttpCase c) {
        return c.method().equals("GET") && !c.endpoint().contains("{id}") && !c.mutations().isEmpty()
                && c.mutations().stream().allMatch(m -> m.startsWith("query"));
    }

    static boolean isProblem(RawHttp.Response r) {
        if (!r.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode problem = JsonMutations.JSON.readTree(r.body());
            return problem.isObject() && ((problem.path("errors").isArray() && problem.path("errors").size() > 0)
                    || !problem.path("detail").asText("").isBlank());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String shortType(RawHttp.Response r) {
        String type = r.contentType();
        return type.isEmpty() ? "(no content type)" : type.replaceAll(";.*", "");
    }

    private void violation(String part, String kind, HttpCase c, String outcome, RawHttp.Response r) {
        int count = findings.fail(part, kind, c.endpoint(), outcome, c.operator(), new Findings.Example(c.id(), c.describe(300), answer(r)));
        if (count == 1) {
            System.out.printf("FUZZ %s: seed %d, case %s: %s -> %s%n    request: %s%n    answer: %s%n", kind, settings.seed(), c.id(),
                    c.endpoint(), outcome, c.describe(300), answer(r));
        }
    }

    static String answer(RawHttp.Response r) {
        if (r.status() < 0) {
            return "no answer: " + r.error();
        }
        String body = HttpCase.printable(r.body(), 300);
        return r.status() + " " + r.contentType() + (r.header("retry-after") != null ? " Retry-After " + r.header("retry-after") : "")
                + " " + body + (r.error() != null ? " (" + r.error() + ")" : "");
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted.values());
    }

    /**
     * Polls the registry until every accepted scenario and every member of every accepted sweep is COMPLETED or
     * REJECTED, or nothing finished for {@code settle}, or {@code timeout} passed. What is still pending then is stuck.
     * Returns the number of stuck scenarios (sweep members included).
     */
    long awaitAccepted(String part) {
        long start = System.nanoTime();
        long lastProgress = System.nanoTime();
        Map<String, Long> pendingMembers = new ConcurrentHashMap<>();
        while (true) {
            List<Accepted> open = accepted.values().stream().filter(a -> !finished.contains(a.id())).toList();
            int before = open.size();
            ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
            for (Accepted a : open) {
                pool.submit(() -> {
                    JsonNode view = get((a.sweep() ? "/api/v1/sweeps/" : "/api/v1/scenarios/") + a.id());
                    if (view == null) {
                        return;
                    }
                    if (a.sweep()) {
                        long pending = view.path("pending").asLong(-1);
                        pendingMembers.put(a.id(), pending);
                        if (pending == 0 && view.path("done").asBoolean()) {
                            finished.add(a.id());
                            findings.add("http.sweepMembersCompleted", view.path("completed").asLong());
                            findings.add("http.sweepMembersRejected", view.path("rejected").asLong());
                        }
                    } else {
                        String state = view.path("status").asText();
                        if (state.equals("COMPLETED") || state.equals("REJECTED")) {
                            finished.add(a.id());
                            findings.add(state.equals("COMPLETED") ? "http.scenariosCompleted" : "http.scenariosRejected", 1);
                        }
                    }
                });
            }
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            long still = accepted.values().stream().filter(a -> !finished.contains(a.id())).count();
            if (still == 0) {
                findings.max(part + ".secondsToFinishAccepted", (System.nanoTime() - start) / 1_000_000_000);
                return 0;
            }
            if (still < before) {
                lastProgress = System.nanoTime();
            }
            if (System.nanoTime() - lastProgress > settings.settle().toNanos() || System.nanoTime() - start > settings.timeout().toNanos()) {
                long stuck = 0;
                for (Accepted a : accepted.values()) {
                    if (finished.contains(a.id())) {
                        continue;
                    }
                    long members = a.sweep() ? pendingMembers.getOrDefault(a.id(), (long) a.members()) : 1;
                    stuck += members;
                    HttpCase c = a.from();
                    int count = findings.fail(part, "stuck", c.endpoint(), "PENDING", c.operator(), new Findings.Example(c.id(), c.describe(300),
                            (a.sweep() ? "sweep " + a.id() + ": " + members + " of " + a.members() + " members" : "scenario " + a.id())
                                    + " still PENDING " + (System.nanoTime() - start) / 1_000_000_000 + " s after the cases ended"));
                    if (count == 1) {
                        System.out.printf("FUZZ stuck: seed %d, case %s: %s %s still pending%n", settings.seed(), c.id(), a.sweep() ? "sweep" : "scenario", a.id());
                    }
                }
                findings.add(part + ".stuck", stuck);
                return stuck;
            }
            sleep(1000);
        }
    }

    /** GET on the gateway with a plain client; null unless 200 with JSON. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrls.get("gateway") + path)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? JsonMutations.JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
