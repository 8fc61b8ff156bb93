import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Load test of a running local stack through the gateway (JDK only: java GatewayLoad.java ...).
 *
 *  1. latency first (see 2), then
 *     sweep:   open GET /api/v1/estimates/stream (SSE), POST /api/v1/sweeps with N scenarios (default
 *              10,000), record the arrival of every estimate event of the sweep. Reports the time to accept
 *              the sweep and end-to-end throughput: results / (time from the POST until the last estimate
 *              event of the sweep). GET /api/v1/sweeps/{id} is polled only once a second, for the done flag
 *              and the final completed/rejected counts; the time it first said done is printed too (up to
 *              1 s late). Rejections are not on the stream (it carries the estimates topic only), so with
 *              rejections the SSE time covers the estimates only and says so.
 *  2. latency: under light load (one scenario at a time), submit single scenarios and time each from
 *              the POST until its estimate arrives on GET /api/v1/estimates/stream (SSE, fed by the
 *              estimates topic). Reports p50/p90/p99/max.
 *
 * Usage: java deploy/load/GatewayLoad.java [gatewayUrl] [sweepSize] [latencySamples]
 * Token: signed with the dev key deploy/local/dev-keys/dev-jwt-private.pem (override ESTIMATOR_TOKEN).
 */
public class GatewayLoad {

    static final String BASE = """
            {"name": "load", "model": {"parameters": 7.0e10, "architecture": "dense"},
             "training": {"tokens": 2.0e12, "precision": "bf16"},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024},
             "pricing": {"provider": "aws", "model": "on-demand", "currency": "USD", "pricePerAcceleratorHour": 2.0}}""";
    static final Pattern ID = Pattern.compile("\"scenarioId\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern SWEEP_ID = Pattern.compile("\"sweepId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int sweepSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String token = System.getenv().getOrDefault("ESTIMATOR_TOKEN", devToken("load-" + UUID.randomUUID()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        System.out.printf("gateway %s, sweep of %d, %d latency samples%n", gateway, sweepSize, samples);
        // Warm-up: JIT, connection pools, consumer assignments.
        latency(http, gateway, token, 20, false);
        // Light load first, so the latency samples do not queue behind the sweep.
        if (samples > 0) {
            latency(http, gateway, token, samples, true);
        }
        if (sweepSize > 0) {
            sweep(http, gateway, token, sweepSize);
        }
    }

    /** Estimate events of one sweep seen on the SSE stream: distinct scenarios and when the last one arrived. */
    static final class Arrivals {
        final Set<String> scenarios = ConcurrentHashMap.newKeySet();
        volatile long lastNanos;

        void arrived(String scenarioId, long nanos) {
            if (scenarios.add(scenarioId)) {
                lastNanos = nanos;
            }
        }
    }

    static void sweep(HttpClient http, String gateway, String token, int size) throws Exception {
        int counts = (int) Math.ceil(Math.sqrt(size));
        int prices = (int) Math.ceil((double) size / counts);
        String countValues = IntStream.range(0, counts).mapToObj(i -> String.valueOf(256 + 8 * i)).collect(Collectors.joining(","));
        String priceValues = IntStream.range(0, prices).mapToObj(i -> String.valueOf(1.0 + 0.01 * i)).collect(Collectors.joining(","));
        String body = "{\"base\": " + BASE + ", \"vary\": {\"hardware.count\": [" + countValues + "], \"pricing.pricePerAcceleratorHour\": ["
                + priceValues + "]}}";

        // The stream must be open before the POST (it only carries estimates completed after connecting), and the
        // sweep id is not known yet, so it is unfiltered: arrivals are grouped by the sweepId in each event.
        Map<String, Arrivals> bySweep = new ConcurrentHashMap<>();
        CompletableFuture<HttpResponse<java.io.InputStream>> stream = openStream(http, gateway);
        CompletableFuture<Void> reading = stream.thenAcceptAsync(r -> readEstimates(r.body(), (scenarioId, sweepId, now) -> {
            if (sweepId != null) {
                bySweep.computeIfAbsent(sweepId, k -> new Arrivals()).arrived(scenarioId, now);
            }
        }));
        try {
            stream.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println("warning: no SSE response headers within 5 s; measuring anyway");
        }

        long cpuAtStart = processCpuNanos();
        long start = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/sweeps"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long acceptedMs = (System.nanoTime() - start) / 1_000_000;
        if (created.statusCode() != 202) {
            throw new IllegalStateException("sweep refused: " + created.statusCode() + " " + created.body());
        }
        String id = created.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        int total = Integer.parseInt(created.body().replaceAll(".*\"scenarioCount\"\\s*:\\s*(\\d+).*", "$1"));
        System.out.printf("sweep %s: %d scenarios accepted (committed to the registry; the outbox relay publishes them) in %d ms%n", id, total, acceptedMs);

        // Completion is measured on the stream; the registry is read only once a second, because every GET
        // /sweeps/{id} counts and summarizes the sweep's rows on the gateway and its database, whose CPU the
        // pipeline under test needs.
        String progress;
        long doneNanos;
        while (true) {
            Thread.sleep(1000);
            progress = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/sweeps/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (progress.contains("\"done\":true")) {
                doneNanos = System.nanoTime();
                break;
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("sweep not done after 10 minutes: " + progress.substring(0, Math.min(300, progress.length())));
            }
        }
        long completed = count(progress, "completed");
        long rejected = count(progress, "rejected");
        Arrivals arrivals = bySweep.computeIfAbsent(id, k -> new Arrivals());
        // The registry and the stream are separate consumer groups: let the stream catch up with the registry.
        long grace = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (arrivals.scenarios.size() < completed && System.nanoTime() < grace && !reading.isDone()) {
            Thread.sleep(50);
        }
        long cpuDuring = processCpuNanos() - cpuAtStart;
        boolean streamEnded = reading.isDone();
        reading.cancel(true);
        stream.cancel(true);

        int seen = arrivals.scenarios.size();
        double pollSeconds = (doneNanos - start) / 1e9;
        System.out.printf("sweep registry: %d scenarios (%d completed, %d rejected), done seen by 1 s polling of GET /sweeps/{id}"
                + " after %.2f s (up to 1 s late) = %.0f scenarios/s%n", total, completed, rejected, pollSeconds, total / pollSeconds);
        if (seen == 0) {
            System.out.println("sweep end to end (SSE): no estimate event of this sweep arrived" + (streamEnded ? " (the stream ended)" : ""));
            return;
        }
        double sseSeconds = (arrivals.lastNanos - start) / 1e9;
        // The stream carries estimates only (the estimates topic); rejections are on scenarios.rejected and never
        // streamed, so with rejections the last event is the last estimate, not the last result.
        String coverage = seen == total ? "all " + total + " results"
                : seen + " of " + total + " results (" + rejected + " rejected, not streamed"
                        + (seen < completed ? "; " + (completed - seen) + " estimates missed by the stream" + (streamEnded ? ", which ended" : "") : "")
                        + "): the time is a lower bound";
        System.out.printf("load tool CPU from POST until done: %.2f s (it shares the machine with the pipeline)%n", cpuDuring / 1e9);
        System.out.printf("sweep end to end (SSE, POST until the last estimate event of this sweep): %.2f s = %.0f scenarios/s, %s%n",
                sseSeconds, seen / sseSeconds, coverage);
    }

    interface EstimateSink {
        void estimate(String scenarioId, String sweepId, long arrivedNanos);
    }

    static CompletableFuture<HttpResponse<java.io.InputStream>> openStream(HttpClient http, String gateway) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/estimates/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Reads the SSE stream as bytes and keeps only what the tool needs: the scenario id (the event's {@code id:}
     * line) and the sweep id, which an estimate carries in its first few hundred bytes. Each estimate is ~2 KB;
     * decoding all of them into lines cost the tool ~1.5-1.9 CPU-seconds per 10,000-scenario sweep, taken from
     * the two cores the pipeline under test runs on.
     */
    static void readEstimates(java.io.InputStream in, EstimateSink sink) {
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[512];
        int length = 0;
        String eventId = null;
        try (in) {
            for (int n; (n = in.read(chunk)) > 0;) {
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (b != '\n') {
                        if (length < line.length) {
                            line[length++] = b;
                        }
                        continue;
                    }
                    if (startsWith(line, length, "id:")) {
                        eventId = new String(line, 3, length - 3, StandardCharsets.UTF_8).trim();
                    } else if (startsWith(line, length, "data:")) {
                        String head = new String(line, 0, length, StandardCharsets.UTF_8);
                        Matcher scenario = ID.matcher(head);
                        Matcher sweep = SWEEP_ID.matcher(head);
                        String scenarioId = scenario.find() ? scenario.group(1) : eventId;
                        if (scenarioId != null) {
                            sink.estimate(scenarioId, sweep.find() ? sweep.group(1) : null, System.nanoTime());
                        }
                    } else if (length == 0 || (length == 1 && line[0] == '\r')) {
                        eventId = null;
                    }
                    length = 0;
                }
            }
        } catch (java.io.IOException e) {
            // The stream was cancelled at the end of a measurement, or the gateway closed it.
        }
    }

    static boolean startsWith(byte[] line, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long count(String progress, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(progress);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static void latency(HttpClient http, String gateway, String token, int samples, boolean report) throws Exception {
        Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
        CompletableFuture<HttpResponse<java.io.InputStream>> stream = openStream(http, gateway);
        CompletableFuture<Void> reading = stream.thenAcceptAsync(r -> readEstimates(r.body(),
                (scenarioId, sweepId, now) -> arrivedNanos.putIfAbsent(scenarioId, now)));
        Thread.sleep(2000); // the SSE consumer reads from the latest offset: let it be assigned first
        List<Double> latenciesMs = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/scenarios"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(BASE.replace("1024", String.valueOf(1024 + i)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() == 429) {
                Thread.sleep(1000);
                i--;
                continue;
            }
            String id = accepted.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            long deadline = start + Duration.ofSeconds(5).toNanos();
            while (!arrivedNanos.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(0, 200_000);
            }
            Long arrived = arrivedNanos.get(id);
            if (arrived == null) {
                lost++;
            } else {
                latenciesMs.add((arrived - start) / 1e6);
            }
            Thread.sleep(60); // light load: ~10-15 scenarios/s
        }
        reading.cancel(true);
        stream.cancel(true);
        if (!report) {
            return;
        }
        Collections.sort(latenciesMs);
        System.out.printf("single scenario, submission -> estimate event (SSE): n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms"
                + " (not seen within 5 s: %d)%n", latenciesMs.size(), pct(latenciesMs, 50), pct(latenciesMs, 90),
                pct(latenciesMs, 99), latenciesMs.isEmpty() ? Double.NaN : latenciesMs.get(latenciesMs.size() - 1), lost);
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    static String devToken(String subject) throws Exception {
        Path script = Path.of(System.getProperty("user.dir"));
        Path pem = Files.exists(script.resolve("deploy/local/dev-keys/dev-jwt-private.pem")) ? script.resolve("deploy/local/dev-keys/dev-jwt-private.pem")
                : script.resolve("../local/dev-keys/dev-jwt-private.pem");
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"https://estimator.local/dev\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[\"analyst\"],\"iat\":" + now + ",\"exp\":" + (now + 7200) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(rsa.sign());
    }
}
