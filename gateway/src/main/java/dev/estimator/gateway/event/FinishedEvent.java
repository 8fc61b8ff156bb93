package dev.estimator.gateway.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An {@code estimates} or {@code scenarios.rejected} record (docs/events.md) as the registry keeps it: its scenario,
 * the value as received (stored and served as it is), and the metrics sweep summaries compare, copied out so that
 * summaries never parse estimate JSON.
 */
public record FinishedEvent(String scenarioId, String value, Metrics metrics) {

    /** The currency sweep summaries compare costs in. */
    public static final String COMPARISON_CURRENCY = "USD";

    /**
     * Sweep summaries compare training cost with wall-clock time, so the cost is the final training run in the cloud
     * ({@code cost.training.cloud}); when that is absent or zero (own-cloud pricing), the ownership cost. It is kept
     * in {@link #COMPARISON_CURRENCY}: an amount in another currency is converted at the estimate's own exchange rate
     * ({@code cost.exchangeRate.perUsd}), so members priced in CNY and in USD compare like with like.
     */
    public record Metrics(Double costAmount, String currency, Double wallClockDays, Double gpuHours) {
        public static final Metrics NONE = new Metrics(null, null, null, null);
    }

    /**
     * Reads the whole value as a tree: malformed JSON anywhere in it is refused. A metric of another JSON type than a
     * number (a text where a text is expected) is left out, as a missing one is: the registry stores the event either
     * way. Measured at about 13 µs per 2 KB estimate, 6 µs more than a hand-written streaming pass
     * (docs/benchmarks/gateway.md): noise next to the registry's database round trip.
     *
     * @throws IllegalArgumentException if the value is not a JSON object with a scenario id (the record is dead-lettered)
     */
    public static FinishedEvent parse(ObjectMapper json, String value) {
        JsonNode event;
        try {
            event = value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("value is not a JSON object");
        }
        String scenarioId = text(event.get("scenarioId"));
        if (scenarioId == null || scenarioId.isBlank()) {
            throw new IllegalArgumentException("event has no scenarioId");
        }
        Double cloud = number(event.at("/cost/training/cloud"));
        Double cost = cloud != null && cloud > 0 ? cloud : number(event.at("/cost/training/ownership"));
        String currency = text(event.at("/cost/currency"));
        Double perUsd = number(event.at("/cost/exchangeRate/perUsd"));
        if (cost != null && currency != null && !COMPARISON_CURRENCY.equals(currency) && perUsd != null && perUsd > 0) {
            cost = cost / perUsd;
            currency = COMPARISON_CURRENCY;
        }
        return new FinishedEvent(scenarioId, value, new Metrics(cost, currency,
                number(event.at("/compute/wallClockDays")), number(event.at("/compute/gpuHours"))));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : null;
    }
}
