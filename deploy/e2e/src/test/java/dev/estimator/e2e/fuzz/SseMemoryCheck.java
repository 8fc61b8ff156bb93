package dev.estimator.e2e.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.estimator.e2e.gateway.GatewayClient;
import dev.estimator.stack.ServiceProcess;

/**
 * The gateway's memory with SSE clients that stop reading: {@code clients} connections to
 * {@code /api/v1/estimates/stream} (every estimate, no filter) are opened, their answer's headers read, and then, in
 * the stalled phase, never read again (a 1 KiB receive buffer, so the kernel does not soak up the stream for them);
 * in the control phase they read everything. A sweep of {@code sweep} members runs through the stack meanwhile and the
 * gateway's resident set ({@code VmRSS} of its process, from {@code /proc/<pid>/status}) is sampled every 200 ms
 * from just before the sweep until 3 s after it is done.
 */
final class SseMemoryCheck {

    /**
     * One phase.
     *
     * @param beforeMib RSS just before the sweep (clients connected)
     * @param maxMib    highest RSS sampled during the sweep and 3 s after
     * @param opened    clients whose stream opened (200, text/event-stream)
     * @param received  estimates the clients read (the control phase; 0 for stalled clients)
     * @param done      whether the sweep finished (every member COMPLETED or REJECTED)
     * @param alive     whether the gateway process was still running at the end
     */
    record Phase(String name, int clients, int sweep, long beforeMib, long maxMib, long heapMib, long heapAfterCloseMib, long rssAfterGcMib,
            int opened, long received, boolean done, double seconds, boolean alive, int dropped, int retryHints, String note) {

        /** What the clients held: live heap with them connected minus live heap once they are gone (-1: not measured). */
        long heldMib() {
            return heapMib < 0 || heapAfterCloseMib < 0 ? -1 : Math.max(0, heapMib - heapAfterCloseMib);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: %d clients, sweep of %,d %s in %.1f s, gateway RSS %d MiB before, max %d MiB; after a full GC "
                    + "live heap %s with the clients connected, %s once they closed (held by them: %s), RSS %s; %d streams opened%s%s%s%s",
                    name, clients, sweep, done ? "done" : "NOT done", seconds, beforeMib, maxMib, heapMib < 0 ? "unknown" : heapMib + " MiB",
                    heapAfterCloseMib < 0 ? "unknown" : heapAfterCloseMib + " MiB", heldMib() < 0 ? "unknown" : heldMib() + " MiB",
                    rssAfterGcMib < 0 ? "unknown" : rssAfterGcMib + " MiB", opened,
                    received > 0 ? String.format(Locale.ROOT, ", %,d estimates read", received) : "",
                    dropped >= 0 ? String.format(Locale.ROOT, ", %d of %d streams ended by the gateway (%d with a retry: hint)", dropped, clients, retryHints) : "",
                    alive ? "" : ", GATEWAY DIED", note.isEmpty() ? "" : "; " + note);
        }
    }

    private final String gatewayUrl;
    private final ServiceProcess gateway;
    private final FuzzSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SseMemoryCheck(String gatewayUrl, ServiceProcess gateway, FuzzSettings settings) {
        this.gatewayUrl = gatewayUrl;
        this.gateway = gateway;
        this.settings = settings;
    }

    Phase run(String name, boolean reading) {
        URI uri = URI.create(gatewayUrl);
        List<Socket> sockets = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        // One more client that reads everything, in both phases: when it has every estimate of the sweep, so has the broadcaster.
        AtomicLong probeReceived = new AtomicLong();
        Socket probe = null;
        int opened = 0;
        List<Long> samples = new ArrayList<>();
        StringBuilder note = new StringBuilder();
        try {
            for (int i = 0; i < settings.sseClients(); i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(reading ? 256 * 1024 : 1024);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                socket.setSoTimeout(15_000);
                sockets.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(streamRequest(uri, "fuzz-sse-" + name + "-" + i).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                if (readHeaders(in)) {
                    opened++;
                }
                if (reading) {
                    Thread t = new Thread(() -> count(in, received), "sse-reader-" + i);
                    t.setDaemon(true);
                    t.start();
                    readers.add(t);
                }
            }
            probe = new Socket();
            probe.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            probe.setSoTimeout(15_000);
            probe.getOutputStream().write(streamRequest(uri, "fuzz-sse-" + name + "-probe").getBytes(StandardCharsets.ISO_8859_1));
            InputStream probeIn = probe.getInputStream();
            if (!readHeaders(probeIn)) {
                note.append("the probe client's stream did not open");
            }
            Thread probeReader = new Thread(() -> count(probeIn, probeReceived), "sse-probe");
            probeReader.setDaemon(true);
            probeReader.start();
            readers.add(probeReader);
            // The stream subscribes to the broadcaster when it opens: give the last ones a moment.
            sleep(1_000);
            long before = gateway.residentMemoryMib();
            Sampler sampler = new Sampler(gateway, samples);
            sampler.start();
            long start = System.nanoTime();
            boolean done = false;
            try {
                String sweepId = submit(name, note);
                if (sweepId != null) {
                    done = awaitDone(sweepId, note);
                }
                // The registry says done; the stream's own consumer may still be behind: wait until the probe has every estimate.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                // Reading clients: until they too have every estimate, so what they hold is measured at rest.
                long everyone = reading ? (long) settings.sseClients() * settings.sseSweep() : 0;
                while ((probeReceived.get() < settings.sseSweep() || received.get() < everyone) && System.nanoTime() < deadline) {
                    sleep(250);
                }
                if (probeReceived.get() < settings.sseSweep()) {
                    note.append(note.length() == 0 ? "" : "; ").append("the probe client read ").append(probeReceived.get()).append(" of ")
                            .append(settings.sseSweep()).append(" estimates within 60 s of the sweep's end");
                }
                sleep(1_000);
            } finally {
                sampler.interrupt();
                try {
                    sampler.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // What the gateway still holds with the clients connected: the live heap after a full GC (jcmd), and the RSS then.
            long heap = settledHeapMib(gateway.pid());
            long rssAfterGc = heap < 0 ? -1 : gateway.residentMemoryMib();
            long max;
            synchronized (samples) {
                max = samples.stream().mapToLong(Long::longValue).max().orElse(before);
            }
            int dropped = -1;
            int[] retryHints = { 0 };
            if (!reading) {
                // Information, not asserted: did the gateway end the stalled streams (and say when to come back)?
                dropped = 0;
                for (Socket socket : sockets) {
                    if (drainToEnd(socket, retryHints)) {
                        dropped++;
                    }
                }
            }
            // Then without them: what they held is the difference (the gateway's own caches grow from sweep to sweep, so two
            // phases' heaps are not comparable; the same moment with and without the clients is).
            for (Socket socket : sockets) {
                socket.close();
            }
            probe.close();
            sleep(2_000);
            long heapAfterClose = heap < 0 ? -1 : settledHeapMib(gateway.pid());
            return new Phase(name, settings.sseClients(), settings.sseSweep(), before, Math.max(before, max), heap, heapAfterClose, rssAfterGc, opened,
                    received.get(), done, seconds, gateway.isAlive(), dropped, retryHints[0], note.toString());
        } catch (IOException e) {
            throw new IllegalStateException("SSE clients: " + e, e);
        } finally {
            if (probe != null) {
                try {
                    probe.close();
                } catch (IOException e) {
                    // closing
                }
            }
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
            readers.forEach(Thread::interrupt);
        }
    }

    /**
     * Reads what a stalled client has waiting, until the stream ends (true) or nothing came for 2 s (false: the
     * gateway still holds the stream open); counts a {@code retry:} field.
     */
    private static boolean drainToEnd(Socket socket, int[] retryHints) {
        byte[] buffer = new byte[64 * 1024];
        byte[] pattern = "\nretry:".getBytes(StandardCharsets.ISO_8859_1);
        int state = 1; // the headers' last line feed was read already
        boolean hint = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    if (hint) {
                        retryHints[0]++;
                    }
                    return true;
                }
                for (int i = 0; i < n && !hint; i++) {
                    state = buffer[i] == pattern[state] ? state + 1 : buffer[i] == pattern[0] ? 1 : 0;
                    hint = state == pattern.length;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // reset by the gateway: ended
            return true;
        }
    }

    /**
     * The smallest of three live-heap readings 1.5 s apart: between two full collections an idle gateway's heap still moves by
     * up to 10 MiB (its Kafka consumers' fetched batches, the relay's and the registry's periodic work), and only the
     * smallest reading is what it cannot let go of.
     */
    static long settledHeapMib(long pid) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long heap = liveHeapMib(pid);
            if (heap < 0) {
                return -1;
            }
            min = Math.min(min, heap);
            sleep(1_500);
        }
        return min;
    }

    /**
     * The gateway's live heap in MiB: {@code jcmd <pid> GC.run} (a full collection), then the "used" of every heap space
     * {@code jcmd <pid> GC.heap_info} lists (serial: new and tenured generations; G1: the heap). -1 without jcmd.
     */
    static long liveHeapMib(long pid) {
        java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!java.nio.file.Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            run(jcmd.toString(), Long.toString(pid), "GC.run");
            String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
            long usedKib = 0;
            boolean any = false;
            for (String line : info.split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(line);
                if (m.find()) {
                    usedKib += Long.parseLong(m.group(1));
                    any = true;
                }
            }
            return any ? usedKib / 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Samples the gateway's RSS every 200 ms until interrupted. */
    private static final class Sampler extends Thread {
        private final ServiceProcess gateway;
        private final List<Long> samples;

        Sampler(ServiceProcess gateway, List<Long> samples) {
            super("rss-sampler");
            setDaemon(true);
            this.gateway = gateway;
            this.samples = samples;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                long rss = gateway.residentMemoryMib();
                if (rss > 0) {
                    synchronized (samples) {
                        samples.add(rss);
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static boolean readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
            if (head.length() > 16_384) {
                break;
            }
        }
        String text = head.toString().toLowerCase(Locale.ROOT);
        return text.startsWith("http/1.1 200") && text.contains("text/event-stream");
    }

    /** Reads the stream to its end, counting events (lines starting with "data:"). */
    private static void count(InputStream in, AtomicLong received) {
        byte[] buffer = new byte[64 * 1024];
        int state = 0; // how much of "\ndata:" has been matched
        byte[] pattern = "\ndata:".getBytes(StandardCharsets.ISO_8859_1);
        try {
            int n;
            while (true) {
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == pattern[state]) {
                        state++;
                        if (state == pattern.length) {
                            received.incrementAndGet();
                            state = 0;
                        }
                    } else {
                        state = buffer[i] == pattern[0] ? 1 : 0;
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /**
     * The stream request of one client. Each carries a token of its own subject: the gateway counts streams per client
     * (token subject, else address), and twenty anonymous streams from one address would be refused past its per-client limit.
     */
    private static String streamRequest(URI uri, String subject) {
        return "GET /api/v1/estimates/stream HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + GatewayClient.token("analyst", subject) + "\r\n\r\n";
    }

    /** POST /sweeps of settings.sseSweep() members; a 429 is waited out as its Retry-After says, for up to 2 minutes. */
    private String submit(String name, StringBuilder note) {
        String body = sweepBody("fuzz SSE " + name + " " + UUID.randomUUID(), settings.sseSweep());
        String token = GatewayClient.token("analyst", "fuzz-sse-" + UUID.randomUUID());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/sweeps")).timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    return JsonMutations.JSON.readTree(r.body()).path("id").asText();
                }
                if (r.statusCode() == 429 && System.nanoTime() < deadline) {
                    sleep(1000L * Math.max(1, Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"))));
                    continue;
                }
                note.append("POST /sweeps answered ").append(r.statusCode()).append(' ').append(r.body(), 0, Math.min(300, r.body().length()));
                return null;
            } catch (IOException e) {
                note.append("POST /sweeps failed: ").append(e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean awaitDone(String sweepId, StringBuilder note) {
        long start = System.nanoTime();
        long lastChange = start;
        String last = "";
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/sweeps/" + sweepId))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode p = JsonMutations.JSON.readTree(r.body());
                    if (p.path("done").asBoolean()) {
                        return true;
                    }
                    String now = p.path("pending").asText();
                    if (!now.equals(last)) {
                        last = now;
                        lastChange = System.nanoTime();
                    }
                }
            } catch (IOException e) {
                // the gateway may be struggling: keep polling until the bounds say stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!gateway.isAlive() || System.nanoTime() - lastChange > settings.settle().toNanos()
                    || System.nanoTime() - start > settings.timeout().toNanos()) {
                note.append("sweep ").append(sweepId).append(" not done: ").append(last).append(" pending");
                return false;
            }
            sleep(250);
        }
    }

    /** A sweep of exactly {@code size} members (hardware.count x pricePerAcceleratorHour), explicit price so every member completes. */
    static String sweepBody(String name, int size) {
        int counts = (int) Math.floor(Math.sqrt(size));
        while (size % counts != 0) {
            counts--;
        }
        int prices = size / counts;
        String countValues = IntStream.range(0, counts).mapToObj(i -> Integer.toString(256 + 8 * i)).collect(Collectors.joining(","));
        String priceValues = IntStream.range(0, prices).mapToObj(i -> String.format(Locale.ROOT, "%.2f", 1.0 + 0.01 * i))
                .collect(Collectors.joining(","));
        String base = SubmissionCases.LLAMA.replace("\"70B\"", JsonMutations.JSON.getNodeFactory().textNode(name).toString());
        return "{\"base\": " + base + ", \"vary\": {\"hardware.count\": [" + countValues + "], \"pricing.pricePerAcceleratorHour\": ["
                + priceValues + "]}}";
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
