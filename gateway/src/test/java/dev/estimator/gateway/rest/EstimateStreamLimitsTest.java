package dev.estimator.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.config.StreamConfig;
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
 * GET /api/v1/estimates/stream opens at most gateway.stream.max-connections-per-client streams per client (429 beyond)
 * and gateway.stream.max-connections in all (503 beyond), refused before the stream opens, as problem+json with
 * Retry-After; a stream that ends gives its place back.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class EstimateStreamLimitsTest {

    @TestHTTPResource("/api/v1/estimates/stream")
    URL stream;

    @Inject
    StreamSubscriptions subscriptions;

    @Inject
    StreamConfig config;

    @Inject
    ObjectMapper json;

    @Test
    void aClientHoldsAtMostItsStreamsAndGetsItsPlaceBackWhenOneEnds() throws Exception {
        String subject = "streams-" + UUID.randomUUID();
        String token = TestTokens.forSubject("analyst", subject);
        int limit = config.maxConnectionsPerClient();
        List<SseSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                open.add(SseSocket.stalled(stream, "", token));
                assertEquals(200, open.get(i).status, open.get(i).body);
            }
            assertEquals(limit, subscriptions.connections("sub:" + subject));

            SseSocket refused = SseSocket.stalled(stream, "?sweepId=any", token);
            assertEquals(429, refused.status);
            JsonNode problem = problem(refused);
            assertEquals("https://estimator.dev/problems/too-many-streams", problem.get("type").asText());
            assertEquals(429, problem.get("status").asInt());
            assertTrue(problem.get("detail").asText().contains(String.valueOf(limit)), problem.toString());
            assertEquals(String.valueOf(config.retry().toSeconds()), refused.headers.get("retry-after"));
            assertEquals(limit, subscriptions.connections("sub:" + subject), "a refused stream takes no place");

            try (SseSocket other = SseSocket.stalled(stream, "", TestTokens.forSubject("analyst", "other-" + subject))) {
                assertEquals(200, other.status, "another client has its own places");
            }

            open.remove(0).close();
            awaitEquals(limit - 1, () -> subscriptions.connections("sub:" + subject), "the closed stream's place is given back");
            open.add(SseSocket.stalled(stream, "", token));
            assertEquals(200, open.get(open.size() - 1).status, "and taken again");
        } finally {
            for (SseSocket s : open) {
                s.close();
            }
        }
        awaitEquals(0, () -> subscriptions.connections("sub:" + subject), "every place given back");
    }

    @Test
    void anonymousClientsAreCountedByAddress() throws Exception {
        int before = subscriptions.connections("ip:127.0.0.1");
        try (SseSocket anonymous = SseSocket.stalled(stream, "", null)) {
            assertEquals(200, anonymous.status);
            assertEquals(before + 1, subscriptions.connections("ip:127.0.0.1"));
        }
        awaitEquals(before, () -> subscriptions.connections("ip:127.0.0.1"), "given back");
    }

    @Test
    void theReplicaServesAtMostMaxConnectionsThen503() throws Exception {
        int baseline = subscriptions.connections();
        int room = config.maxConnections() - baseline;
        assertTrue(room > 0 && room <= 200, "the test profile keeps the replica's limit small: " + config.maxConnections());
        String run = UUID.randomUUID().toString();
        List<SseSocket> open = new ArrayList<>();
        try {
            // Each its own client, so the per-client limit is not the one reached.
            for (int i = 0; i < room; i++) {
                SseSocket s = SseSocket.stalled(stream, "", TestTokens.forSubject("analyst", "fill-" + i + "-" + run));
                open.add(s);
                assertEquals(200, s.status, s.body);
            }
            SseSocket refused = SseSocket.stalled(stream, "", TestTokens.forSubject("analyst", "one-more-" + run));
            assertEquals(503, refused.status);
            JsonNode problem = problem(refused);
            assertEquals("https://estimator.dev/problems/streams-full", problem.get("type").asText());
            assertEquals(503, problem.get("status").asInt());
            String detail = problem.get("detail").asText();
            assertTrue(detail.contains(String.valueOf(config.maxConnections())), detail);
            assertFalse(detail.contains("127.0.0.1") || detail.contains(String.valueOf(stream.getPort())), "no internal address: " + detail);
            assertEquals(String.valueOf(config.retry().toSeconds()), refused.headers.get("retry-after"));
            assertEquals(config.maxConnections(), subscriptions.connections());
        } finally {
            for (SseSocket s : open) {
                s.close();
            }
        }
        awaitEquals(baseline, subscriptions::connections, "every place given back");
        try (SseSocket again = SseSocket.stalled(stream, "", TestTokens.forSubject("analyst", "again-" + run))) {
            assertEquals(200, again.status, "room again once streams ended");
        }
    }

    private JsonNode problem(SseSocket refused) throws Exception {
        assertTrue(refused.headers.get("content-type").startsWith("application/problem+json"), refused.headers.toString());
        return json.readTree(refused.body);
    }

    static void awaitEquals(int expected, IntSupplier actual, String what) {
        long deadline = System.nanoTime() + GatewayTesting.WAIT.toNanos();
        while (actual.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, actual.getAsInt(), what);
            }
            GatewayTesting.sleep(20);
        }
    }
}
