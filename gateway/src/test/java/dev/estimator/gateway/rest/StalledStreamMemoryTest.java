package dev.estimator.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ObjectName;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import dev.estimator.stack.testing.KafkaTestClient;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway's memory while SSE clients that never read are connected during a burst of estimates (the 20
 * stalled clients during a 10,000-scenario sweep): the estimates they do not take must not stay in the gateway. The
 * test JVM is the gateway (and the embedded broker), so the estimates still alive after the burst, counted in the
 * class histogram after a full GC, are what the gateway holds for its clients. The numbers (also the live heap and the
 * RSS, which the broker shares) are printed as lines starting with {@code SSE MEMORY}. {@code -Dsse.memory.estimates},
 * {@code -Dsse.memory.clients}, {@code -Dsse.memory.rate} change the burst, and {@code -Dsse.memory.reading=true} makes
 * the clients read, as a control (docs/benchmarks/gateway.md).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class StalledStreamMemoryTest {

    private static final int ESTIMATES = Integer.getInteger("sse.memory.estimates", 10_000);
    private static final int STALLED = Integer.getInteger("sse.memory.clients", 20);
    /** A control run: the same clients read everything ({@code -Dsse.memory.reading=true}); the heap is then the baseline. */
    private static final boolean READING = Boolean.getBoolean("sse.memory.reading");
    /** Estimates per second, about the pipeline's pace during a sweep. */
    private static final int RATE = Integer.getInteger("sse.memory.rate", 2000);
    /** The estimates the SSE feed hands its clients; how many are alive says how many the gateway holds for them. */
    private static final String STREAMED = "dev.estimator.gateway.messaging.EstimateBroadcaster$StreamedEstimate";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/v1/estimates/stream")
    URL stream;

    @Test
    void stalledClientsDoNotPinTheBurst() throws Exception {
        String sweepId = "sweep-" + UUID.randomUUID();
        List<SseSocket> stalled = new ArrayList<>();
        SseSocket reader = null;
        try {
            // Each stalled client is another subject, so the per-client connection limit is not what stops them.
            for (int i = 0; i < STALLED; i++) {
                String token = TestTokens.forSubject("analyst", "stalled-" + i + "-" + sweepId);
                SseSocket client = READING ? SseSocket.reading(stream, "", token) : SseSocket.stalled(stream, "", token);
                stalled.add(client);
                assertEquals(200, client.status, client.body);
            }
            reader = SseSocket.reading(stream, "?sweepId=" + sweepId, TestTokens.forSubject("analyst", "reader-" + sweepId));
            SseSocket.awaitStreaming(bootstrap, reader, sweepId);
            long heapBefore = liveHeap();
            long rssBefore = rss();

            AtomicLong peakHeap = new AtomicLong();
            AtomicLong peakRss = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakHeap.accumulateAndGet(usedHeap(), Math::max);
                    peakRss.accumulateAndGet(rss(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long start = System.nanoTime();
            try {
                publish(bootstrap, sweepId, ESTIMATES, RATE);
                long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos() * 2;
                while (reader.estimates() < ESTIMATES && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int received = reader.estimates();
            // The registry consumer reads the same burst (and updates the database for it): once it has caught up, what
            // is left on the heap is not records in flight.
            try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
                kafka.awaitNoLag("gateway-registry", "estimates", GatewayTesting.WAIT.multipliedBy(2));
            }
            long heapAfter = liveHeap();
            long rssAfter = rss();
            long held = liveInstances(STREAMED);
            System.out.printf(Locale.ROOT, "SSE MEMORY: %d " + (READING ? "reading" : "stalled") + " clients, %,d estimates (%,d B each, %,d/s) in %.1f s, reading client got %,d;"
                    + " estimates held for SSE clients after it %,d; live heap %d -> %d MiB (+%.1f MiB), peak heap in use %d MiB;"
                    + " RSS %d -> %d MiB, peak %d MiB%n",
                    STALLED, ESTIMATES, estimate("x", sweepId).length(), RATE, seconds, received, held, mib(heapBefore), mib(heapAfter),
                    (heapAfter - heapBefore) / 1048576.0, mib(peakHeap.get()), mib(rssBefore), mib(rssAfter), mib(peakRss.get()));
            // The gateway's own account (absent before these gauges existed): what waits for SSE clients, who was dropped.
            System.out.println("SSE MEMORY metrics: " + given().get("/q/metrics").asString().lines()
                    .filter(l -> l.startsWith("gateway_sse_")).toList());
            assertEquals(ESTIMATES, received, "a reading client gets every estimate of its sweep while others stall");
            // Every stalled client overflowed (the burst is larger than its buffer), so nothing is held for any of them.
            // The live heap itself is also the embedded broker's and the registry's, too noisy to assert on (printed).
            assertTrue(held <= STALLED, String.format(Locale.ROOT, "%d stalled SSE clients still hold %,d of %,d estimates", STALLED, held,
                    ESTIMATES));
        } finally {
            for (SseSocket s : stalled) {
                s.close();
            }
            if (reader != null) {
                reader.close();
            }
        }
    }

    /** About the size of a real estimate (~1.9 KB, docs/events.md), each its own scenario of one sweep. */
    static String estimate(String scenarioId, String sweepId) {
        return GatewayTesting.fullEstimate(scenarioId).replace("\"sweepId\": null", "\"sweepId\": \"" + sweepId + "\"");
    }

    /**
     * Publishes {@code count} estimates of one sweep at about {@code perSecond}, in chunks every 50 ms: a sweep's
     * estimates arrive at the pipeline's pace (about 2,000 a second at best, docs/benchmarks/gateway.md), not all at
     * once, and a client that reads keeps up with that pace, not necessarily with Kafka's fetch rate.
     */
    static void publish(String bootstrap, String sweepId, int count, int perSecond) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("linger.ms", "5");
        int chunk = Math.max(1, perSecond / 20);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>("estimates", id, estimate(id, sweepId)));
                if ((i + 1) % chunk == 0) {
                    long due = start + (long) ((i + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        GatewayTesting.sleep(wait / 1_000_000);
                    }
                }
            }
            producer.flush();
        }
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            GatewayTesting.sleep(100);
        }
        return usedHeap();
    }

    /** Live instances of a class, from the JVM's class histogram (which runs a full GC first). */
    private static long liveInstances(String className) throws Exception {
        Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] { null }, new String[] { String[].class.getName() });
        // Lines read "  num:  #instances  #bytes  class name (module)".
        return histogram.toString().lines().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 4 && f[0].endsWith(":") && f[3].equals(className))
                .mapToLong(f -> Long.parseLong(f[1])).sum();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: RSS is reported as 0.
        }
        return 0;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
