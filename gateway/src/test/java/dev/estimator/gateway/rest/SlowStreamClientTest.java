package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.estimator.gateway.config.StreamConfig;
import dev.estimator.gateway.messaging.EstimateBroadcaster;
import dev.estimator.gateway.service.StreamSubscriptions;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * SSE clients that stop reading (plain sockets that never read, with a small receive buffer) while estimates keep
 * coming: each holds at most gateway.stream.client-buffer estimates in the gateway, is then dropped (its queue
 * released), and its connection is closed if it does not take the farewell within gateway.stream.slow-client-grace;
 * one that reads again gets the farewell with a {@code retry:} hint and a properly ended stream. Clients that read, or
 * whose filter takes none of the burst, are not touched.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class SlowStreamClientTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/v1/estimates/stream")
    URL stream;

    @Inject
    EstimateBroadcaster broadcaster;

    @Inject
    StreamSubscriptions subscriptions;

    @Inject
    StreamConfig config;

    @Test
    void aClientThatNeverReadsIsDroppedWithinItsBoundWhileOthersAreUntouched() throws Exception {
        String sweep = "sweep-" + UUID.randomUUID();
        String stalledSubject = "stalled-" + sweep;
        int burst = 3 * config.clientBuffer();
        long droppedBefore = broadcaster.droppedClients();
        try (SseSocket stalled = SseSocket.stalled(stream, "?sweepId=" + sweep, TestTokens.forSubject("analyst", stalledSubject));
                SseSocket elsewhere = SseSocket.stalled(stream, "?sweepId=another-" + sweep, TestTokens.forSubject("analyst", "elsewhere-" + sweep));
                SseSocket reader = SseSocket.reading(stream, "?sweepId=" + sweep, TestTokens.forSubject("analyst", "reader-" + sweep))) {
            assertEquals(200, stalled.status, stalled.body);
            assertEquals(200, elsewhere.status, elsewhere.body);
            SseSocket.awaitStreaming(bootstrap, reader, sweep);

            AtomicInteger peak = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(broadcaster.maxBufferedEvents(), Math::max);
                    LockSupport.parkNanos(200_000);
                }
            });
            sampler.start();
            try {
                StalledStreamMemoryTest.publish(bootstrap, sweep, burst, 2000);
                await(() -> reader.estimates() >= burst, "the reading client got the burst: " + reader.estimates());
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            assertEquals(burst, reader.estimates(), "the reading client got every estimate of its sweep");
            assertFalse(reader.ended(), "the reading client is still connected");
            assertTrue(peak.get() > 0, "the sampler saw estimates wait");
            assertTrue(peak.get() <= config.clientBuffer(), "at most the client buffer waited for any client: " + peak.get());
            assertEquals(droppedBefore + 1, broadcaster.droppedClients(), "the stalled client was dropped, and only it");
            assertEquals(0, broadcaster.bufferedEvents(), "nothing waits for anyone now");

            // It does not take the event being written, let alone the farewell: its connection is closed after the grace.
            await(() -> subscriptions.connections("sub:" + stalledSubject) == 0, "the stalled client's place given back");
            stalled.startReading();
            await(stalled::ended, "the gateway closed the stalled client's connection");
            assertFalse(stalled.endedCleanly(), "closed, not ended: it never read far enough for the end of the stream; it read "
                    + stalled.estimates() + " estimates: " + tail(stalled));

            assertEquals(1, subscriptions.connections("sub:elsewhere-" + sweep), "a stalled client of another sweep keeps its stream");
        }
    }

    @Test
    void aClientThatReadsAgainAfterBeingDroppedGetsTheRetryHint() throws Exception {
        String sweep = "sweep-" + UUID.randomUUID();
        String subject = "slow-" + sweep;
        long droppedBefore = broadcaster.droppedClients();
        try (SseSocket slow = SseSocket.stalled(stream, "?sweepId=" + sweep, TestTokens.forSubject("analyst", subject));
                SseSocket reader = SseSocket.reading(stream, "?sweepId=" + sweep, TestTokens.forSubject("analyst", "reader-" + sweep))) {
            SseSocket.awaitStreaming(bootstrap, reader, sweep);
            // Published meanwhile: the client must start reading again within the grace after it is dropped.
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(
                    () -> StalledStreamMemoryTest.publish(bootstrap, sweep, 3 * config.clientBuffer(), 2000));
            await(() -> broadcaster.droppedClients() > droppedBefore, "the slow client dropped");
            // Reads again within the grace: it gets what the kernel and the HTTP layer held, then the farewell.
            slow.startReading();
            await(slow::ended, "the slow client's stream ended");
            assertTrue(slow.endedCleanly(), "the stream ended properly: " + tail(slow));
            assertTrue(slow.lines().contains("retry: " + config.retry().toMillis()) || slow.lines().contains("retry:" + config.retry().toMillis()),
                    "retry hint: " + tail(slow));
            assertTrue(slow.lines().stream().anyMatch(l -> l.startsWith(":") && l.contains("too slow")), "why, as a comment: " + tail(slow));
            assertTrue(slow.estimates() < 3 * config.clientBuffer(), "it did not get the whole burst: " + slow.estimates());
            await(() -> subscriptions.connections("sub:" + subject) == 0, "its place given back");
            publishing.join();
            try (SseSocket again = SseSocket.reading(stream, "?sweepId=" + sweep, TestTokens.forSubject("analyst", subject))) {
                assertEquals(200, again.status, "it reconnects");
            }
        }
    }

    private static String tail(SseSocket s) {
        var lines = s.lines();
        return lines.subList(Math.max(0, lines.size() - 6), lines.size()).toString();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            GatewayTesting.sleep(5);
        }
    }
}
