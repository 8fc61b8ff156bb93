package dev.estimator.gateway.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.event.FinishedEvent.Metrics;

/** The registry reads an estimate's id and summary metrics, keeps the value as received, and refuses what is not JSON. */
class FinishedEventTest {

    final ObjectMapper json = new ObjectMapper();

    FinishedEvent parse(String value) {
        return FinishedEvent.parse(json, value);
    }

    @Test
    void readsTheMetricsWhereverTheyAreAndKeepsTheValueAsReceived() {
        String value = """
                {"status": "COMPLETED", "assumptions": [{"name": "mfu", "value": 0.4}],
                 "cost": {"training": {"ownership": 2.5e6, "cloud": 4.6e6, "breakdown": {"cloud": 1}}, "currency": "USD"},
                 "compute": {"flops": 3.14e23, "gpuHours": 3.55e6, "nested": {"wallClockDays": 99}, "wallClockDays": 34.2},
                 "scenarioId": "s-1", "sweepId": "w"}""";
        FinishedEvent finished = parse(value);
        assertEquals("s-1", finished.scenarioId());
        assertSame(value, finished.value());
        assertEquals(new Metrics(4.6e6, "USD", 34.2, 3.55e6), finished.metrics(), "nested look-alike fields are not read");
    }

    @Test
    void ownCloudPricingFallsBackToTheOwnershipCost() {
        assertEquals(2.5e6, parse("{\"scenarioId\":\"a\",\"cost\":{\"training\":{\"cloud\":0,\"ownership\":2.5e6}}}")
                .metrics().costAmount());
        assertEquals(7.0, parse("{\"scenarioId\":\"a\",\"cost\":{\"training\":{\"ownership\":7}}}").metrics().costAmount());
    }

    @Test
    void aMetricThatIsNotANumberIsLeftOut() {
        Metrics m = parse("{\"scenarioId\":\"a\",\"compute\":{\"wallClockDays\":\"soon\",\"gpuHours\":{\"p50\":1}},"
                + "\"cost\":{\"currency\":3,\"training\":{\"cloud\":[1]}}}").metrics();
        assertEquals(Metrics.NONE, m);
        assertNull(parse("{\"scenarioId\":\"a\",\"compute\":null,\"cost\":\"free\"}").metrics().costAmount());
    }

    @Test
    void anObjectWhereTextIsExpectedIsSkippedWhole() {
        FinishedEvent f = parse("{\"cost\":{\"currency\":{\"code\":\"USD\"},\"training\":{\"cloud\":5}},"
                + "\"scenarioId\":\"b\",\"compute\":{\"gpuHours\":2}}");
        assertEquals("b", f.scenarioId());
        assertEquals(new Metrics(5.0, null, null, 2.0), f.metrics());
        assertEquals("event has no scenarioId", assertThrows(IllegalArgumentException.class,
                () -> parse("{\"scenarioId\":{\"id\":\"c\"},\"compute\":{\"gpuHours\":1}}")).getMessage());
    }

    @Test
    void refusesWhatIsNotAnEventWithAnId() {
        for (String bad : new String[] { "not json", "[1,2]", "\"text\"", "{\"scenarioId\": \"a\", \"compute\": {\"gpuHours\": 1,",
                "{\"scenarioId\": \"a\", \"x\": tru}" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().startsWith("value is not"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> parse(null));
        for (String noId : new String[] { "{}", "{\"scenarioId\": \"  \"}", "{\"scenarioId\": 7}" }) {
            assertEquals("event has no scenarioId", assertThrows(IllegalArgumentException.class, () -> parse(noId)).getMessage());
        }
    }

    /** Issue #15: sweeps compare like with like, so a CNY estimate's cost is kept in USD at its own exchange rate. */
    @Test
    void aCostInAnotherCurrencyIsKeptInUsdAtTheEstimatesOwnRate() {
        FinishedEvent.Metrics m = parse("{\"scenarioId\":\"a\",\"cost\":{\"currency\":\"CNY\",\"training\":{\"cloud\":71},"
                + "\"exchangeRate\":{\"currency\":\"CNY\",\"perUsd\":7.1,\"asOf\":\"2025-06-01\"}}}").metrics();
        assertEquals(10.0, m.costAmount(), 1e-12);
        assertEquals("USD", m.currency());
        FinishedEvent.Metrics noRate = parse("{\"scenarioId\":\"a\",\"cost\":{\"currency\":\"CNY\",\"training\":{\"cloud\":71}}}")
                .metrics();
        assertEquals(71.0, noRate.costAmount(), 0, "without a rate the amount stays as it is, in its own currency");
        assertEquals("CNY", noRate.currency());
    }
}
