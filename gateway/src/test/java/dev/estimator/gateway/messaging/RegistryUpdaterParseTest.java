package dev.estimator.gateway.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.messaging.RegistryUpdater.Finished;
import dev.estimator.gateway.messaging.RegistryUpdater.Metrics;

/** The registry reads an estimate's id and summary metrics in one streaming pass, and refuses what is not JSON. */
class RegistryUpdaterParseTest {

    final RegistryUpdater updater = new RegistryUpdater();

    RegistryUpdaterParseTest() {
        updater.json = new ObjectMapper();
    }

    @Test
    void readsTheMetricsWhereverTheyAreAndKeepsTheValueAsReceived() {
        String value = """
                {"status": "COMPLETED", "assumptions": [{"name": "mfu", "value": 0.4}],
                 "cost": {"training": {"ownership": 2.5e6, "cloud": 4.6e6, "breakdown": {"cloud": 1}}, "currency": "USD"},
                 "compute": {"flops": 3.14e23, "gpuHours": 3.55e6, "nested": {"wallClockDays": 99}, "wallClockDays": 34.2},
                 "scenarioId": "s-1", "sweepId": "w"}""";
        Finished finished = updater.parse(value);
        assertEquals("s-1", finished.scenarioId());
        assertSame(value, finished.value());
        assertEquals(new Metrics(4.6e6, "USD", 34.2, 3.55e6), finished.metrics(), "nested look-alike fields are not read");
    }

    @Test
    void ownCloudPricingFallsBackToTheOwnershipCost() {
        assertEquals(2.5e6, updater.parse("{\"scenarioId\":\"a\",\"cost\":{\"training\":{\"cloud\":0,\"ownership\":2.5e6}}}")
                .metrics().costAmount());
        assertEquals(7.0, updater.parse("{\"scenarioId\":\"a\",\"cost\":{\"training\":{\"ownership\":7}}}").metrics().costAmount());
    }

    @Test
    void aMetricThatIsNotANumberIsLeftOut() {
        Metrics m = updater.parse("{\"scenarioId\":\"a\",\"compute\":{\"wallClockDays\":\"soon\",\"gpuHours\":{\"p50\":1}},"
                + "\"cost\":{\"currency\":3,\"training\":{\"cloud\":[1]}}}").metrics();
        assertEquals(Metrics.NONE, m);
        assertNull(updater.parse("{\"scenarioId\":\"a\",\"compute\":null,\"cost\":\"free\"}").metrics().costAmount());
    }

    @Test
    void anObjectWhereTextIsExpectedIsSkippedWhole() {
        Finished f = updater.parse("{\"cost\":{\"currency\":{\"code\":\"USD\"},\"training\":{\"cloud\":5}},"
                + "\"scenarioId\":\"b\",\"compute\":{\"gpuHours\":2}}");
        assertEquals("b", f.scenarioId());
        assertEquals(new Metrics(5.0, null, null, 2.0), f.metrics());
        assertEquals("event has no scenarioId", assertThrows(IllegalArgumentException.class,
                () -> updater.parse("{\"scenarioId\":{\"id\":\"c\"},\"compute\":{\"gpuHours\":1}}")).getMessage());
    }

    @Test
    void refusesWhatIsNotAnEventWithAnId() {
        for (String bad : new String[] { "not json", "[1,2]", "\"text\"", "{\"scenarioId\": \"a\", \"compute\": {\"gpuHours\": 1,",
                "{\"scenarioId\": \"a\", \"x\": tru}" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> updater.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("value is not"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> updater.parse(null));
        for (String noId : new String[] { "{}", "{\"scenarioId\": \"  \"}", "{\"scenarioId\": 7}" }) {
            assertEquals("event has no scenarioId", assertThrows(IllegalArgumentException.class, () -> updater.parse(noId)).getMessage());
        }
    }
}
