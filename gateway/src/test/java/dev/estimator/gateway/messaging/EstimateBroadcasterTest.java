package dev.estimator.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.messaging.EstimateBroadcaster.ClientTooSlow;
import dev.estimator.gateway.messaging.EstimateBroadcaster.StreamedEstimate;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The SSE feed: parsed only while some client is connected; each client's filter comes before its bounded queue; a
 * client whose queue overflows is dropped and nothing stays queued for it, while the others go on.
 */
class EstimateBroadcasterTest {

    /** Counts parses: the cost the broadcaster must not pay for nobody. */
    static class CountingMapper extends ObjectMapper {
        int reads;

        @Override
        public JsonParser createParser(String content) throws IOException {
            reads++;
            return super.createParser(content);
        }
    }

    final CountingMapper json = new CountingMapper();
    final EstimateBroadcaster broadcaster = new EstimateBroadcaster();
    /** Deliveries run at once, on the test's thread. */
    final Executor direct = Runnable::run;

    EstimateBroadcasterTest() {
        broadcaster.json = json;
    }

    @Test
    void parsesNothingWithoutSubscribersAndDeliversToSubscribers() {
        broadcaster.onEstimate("{\"scenarioId\": \"before\"}");
        assertEquals(0, json.reads, "no subscriber: not parsed");

        AssertSubscriber<StreamedEstimate> client = broadcaster.stream(e -> true, 10, direct).subscribe().withSubscriber(AssertSubscriber.create(10));
        broadcaster.onEstimate("{\"scenarioId\": \"during\", \"sweepId\": \"s1\"}");
        assertEquals(1, json.reads);
        List<StreamedEstimate> items = client.getItems();
        assertEquals(1, items.size());
        assertEquals("during", items.get(0).scenarioId());
        assertEquals("s1", items.get(0).sweepId());
        assertEquals("{\"scenarioId\": \"during\", \"sweepId\": \"s1\"}", items.get(0).estimate(), "relayed as published");

        client.cancel();
        broadcaster.onEstimate("{\"scenarioId\": \"after\"}");
        assertEquals(1, json.reads, "the client left: not parsed any more");
        assertEquals(0, broadcaster.clients());
    }

    @Test
    void readsOnlyTopLevelIds() throws IOException {
        String[] ids = broadcaster.ids("{\"compute\": {\"runs\": [1, {\"sweepId\": \"nested\"}]}, \"scenarioId\": \"x\", \"sweepId\": null}");
        assertEquals("x", ids[0]);
        assertEquals(null, ids[1], "a nested sweepId is not the estimate's");
        assertEquals(null, broadcaster.ids("[\"not an estimate\"]")[0]);
    }

    @Test
    void aStalledClientIsDroppedAtItsBoundAndReleasesWhatWaited() {
        // Requests nothing: its queue of 2 is full after two estimates, and the third drops it.
        AssertSubscriber<StreamedEstimate> stalled = broadcaster.stream(e -> true, 2, direct).subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<StreamedEstimate> reading = broadcaster.stream(e -> true, 2, direct).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        broadcaster.onEstimate("{\"scenarioId\": \"a\"}");
        broadcaster.onEstimate("{\"scenarioId\": \"b\"}");
        assertEquals(2, broadcaster.maxBufferedEvents(), "two wait for the stalled client, none for the reading one");
        stalled.assertNotTerminated();
        broadcaster.onEstimate("{\"scenarioId\": \"c\"}");
        assertInstanceOf(ClientTooSlow.class, stalled.getFailure(), "dropped on the estimate it had no room for");
        assertEquals(0, stalled.getItems().size());
        assertEquals(0, broadcaster.bufferedEvents(), "nothing stays queued for a dropped client");
        assertEquals(1, broadcaster.droppedClients());
        assertEquals(1, broadcaster.clients(), "the reading client only");

        broadcaster.onEstimate("{\"scenarioId\": \"d\"}");
        assertEquals(List.of("a", "b", "c", "d"), reading.getItems().stream().map(StreamedEstimate::scenarioId).toList(),
                "the reading client got everything, unaffected");
        reading.cancel();
        int reads = json.reads;
        broadcaster.onEstimate("{\"scenarioId\": \"e\"}");
        assertEquals(reads, json.reads, "both clients gone: nobody listens");
    }

    @Test
    void theFilterComesBeforeTheQueue() {
        // A stalled client of one sweep: estimates of other sweeps neither wait for it nor fill its queue.
        AssertSubscriber<StreamedEstimate> stalled = broadcaster.stream(e -> "mine".equals(e.sweepId()), 2, direct).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        for (int i = 0; i < 100; i++) {
            broadcaster.onEstimate("{\"scenarioId\": \"o" + i + "\", \"sweepId\": \"other\"}");
        }
        stalled.assertNotTerminated();
        assertEquals(0, broadcaster.bufferedEvents());
        broadcaster.onEstimate("{\"scenarioId\": \"m1\", \"sweepId\": \"mine\"}");
        assertEquals(1, broadcaster.bufferedEvents());
        stalled.request(1);
        assertEquals(List.of("m1"), stalled.getItems().stream().map(StreamedEstimate::scenarioId).toList());
        assertEquals(0, broadcaster.droppedClients());
    }

    @Test
    void demandIsHonouredAndDeliveriesRunOnTheClientsExecutor() {
        List<Runnable> loop = new ArrayList<>();
        AssertSubscriber<StreamedEstimate> client = broadcaster.stream(e -> true, 10, loop::add).subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        broadcaster.onEstimate("{\"scenarioId\": \"a\"}");
        broadcaster.onEstimate("{\"scenarioId\": \"b\"}");
        assertEquals(0, client.getItems().size(), "the broadcaster's thread only queues");
        assertEquals(1, loop.size(), "one delivery scheduled for both estimates");
        loop.remove(0).run();
        assertEquals(List.of("a"), client.getItems().stream().map(StreamedEstimate::scenarioId).toList(), "one asked for, one sent");
        assertEquals(1, broadcaster.bufferedEvents());
        // The HTTP layer asks for the next once the previous reached the socket; it is delivered right then.
        client.request(1);
        assertEquals(List.of("a", "b"), client.getItems().stream().map(StreamedEstimate::scenarioId).toList());
        assertTrue(loop.isEmpty());
    }

    @Test
    void aDrainGivesTheEventLoopBackAfterAFullBuffer() {
        // A client that reads at once while estimates keep coming: each one it gets, another arrives.
        List<Runnable> loop = new ArrayList<>();
        List<String> got = new ArrayList<>();
        broadcaster.stream(e -> true, 4, loop::add).subscribe().with(e -> {
            got.add(e.scenarioId());
            if (got.size() < 20) {
                broadcaster.onEstimate("{\"scenarioId\": \"n" + got.size() + "\"}");
            }
        });
        broadcaster.onEstimate("{\"scenarioId\": \"n0\"}");
        assertEquals(1, loop.size());
        loop.remove(0).run();
        assertEquals(4, got.size(), "one turn sends at most a buffer's worth");
        assertEquals(1, loop.size(), "and queues the rest of the drain behind the event loop's other tasks");
        while (!loop.isEmpty()) {
            loop.remove(0).run();
        }
        assertEquals(20, got.size(), "nothing lost across turns");
        assertEquals(0, broadcaster.droppedClients());
    }

    @Test
    void aClientThatTakesNothingWhileEstimatesWaitIsDroppedAfterTheStallTimeout() {
        long timeout = 30_000_000_000L;
        AssertSubscriber<StreamedEstimate> stalled = broadcaster.stream(e -> "s".equals(e.sweepId()), 10, direct).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<StreamedEstimate> idle = broadcaster.stream(e -> "other".equals(e.sweepId()), 10, direct).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        broadcaster.onEstimate("{\"scenarioId\": \"a\", \"sweepId\": \"s\"}");
        long now = System.nanoTime();
        broadcaster.dropStalled(now, timeout);
        stalled.assertNotTerminated();
        assertEquals(1, broadcaster.bufferedEvents(), "waited less than the timeout: kept");

        broadcaster.dropStalled(now + 2 * timeout, timeout);
        assertInstanceOf(ClientTooSlow.class, stalled.getFailure(), "its buffer is not full, but nothing moved for too long");
        assertEquals(0, broadcaster.bufferedEvents(), "and what waited for it is released");
        idle.assertNotTerminated();
        assertEquals(1, broadcaster.clients(), "a client with nothing waiting is not stalled, however long it is quiet");
        assertEquals(1, broadcaster.droppedClients());
    }
}
