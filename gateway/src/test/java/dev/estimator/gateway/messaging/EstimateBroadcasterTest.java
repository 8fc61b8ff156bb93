package dev.estimator.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.messaging.EstimateBroadcaster.StreamedEstimate;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The SSE feed parses estimates only while some client is connected, and still delivers to those that are. */
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

    EstimateBroadcasterTest() {
        broadcaster.json = json;
    }

    @Test
    void parsesNothingWithoutSubscribersAndDeliversToSubscribers() {
        broadcaster.onEstimate("{\"scenarioId\": \"before\"}");
        assertEquals(0, json.reads, "no subscriber: not parsed");

        AssertSubscriber<StreamedEstimate> client = broadcaster.stream(10).subscribe().withSubscriber(AssertSubscriber.create(10));
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
    }

    @Test
    void readsOnlyTopLevelIds() throws IOException {
        String[] ids = broadcaster.ids("{\"compute\": {\"runs\": [1, {\"sweepId\": \"nested\"}]}, \"scenarioId\": \"x\", \"sweepId\": null}");
        assertEquals("x", ids[0]);
        assertEquals(null, ids[1], "a nested sweepId is not the estimate's");
        assertEquals(null, broadcaster.ids("[\"not an estimate\"]")[0]);
    }

    @Test
    void aClientDisconnectedForOverflowNoLongerCounts() {
        // Requests nothing: its buffer of 1 overflows on the second estimate and its stream ends.
        AssertSubscriber<StreamedEstimate> stalled = broadcaster.stream(1).subscribe().withSubscriber(AssertSubscriber.create(0));
        broadcaster.onEstimate("{\"scenarioId\": \"a\"}");
        broadcaster.onEstimate("{\"scenarioId\": \"b\"}");
        broadcaster.onEstimate("{\"scenarioId\": \"c\"}");
        stalled.assertCompleted();
        int reads = json.reads;
        broadcaster.onEstimate("{\"scenarioId\": \"d\"}");
        assertEquals(reads, json.reads, "the stalled client's stream ended: nobody listens");
    }
}
