package dev.estimator.chassis.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.tracing.KafkaTracing;
import dev.estimator.chassis.tracing.ScenarioLogContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** The trace context a stage carries from each input record to the records it publishes for it. */
class StageTracesTest {

    static final String UPSTREAM_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String UPSTREAM_SPAN = "00f067aa0ba902b7";

    /** Keeps what the SDK exports, in memory. */
    static final class Exported implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        SpanData only(String scenarioId) {
            List<SpanData> found = spans.stream().filter(s -> scenarioId.equals(s.getAttributes().get(KafkaTracing.SCENARIO_ID)))
                    .toList();
            assertEquals(1, found.size(), "one span for " + scenarioId + ": " + spans);
            return found.get(0);
        }
    }

    final Exported exported = new Exported();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    final KafkaTracing tracing = new KafkaTracing(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    static ConsumerRecord<String, String> input(String scenarioId, long offset, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_subject", scenarioId.getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("scenarios.resolved", 1, offset, 0L, TimestampType.CREATE_TIME, -1, -1, scenarioId, "{}", headers,
                Optional.empty());
    }

    static ProducerRecord<String, String> outcome(String scenarioId) {
        return new ProducerRecord<>("scenarios.computed", null, scenarioId, "{}", new RecordHeaders());
    }

    static List<String> headers(Headers headers, String name) {
        List<String> values = new ArrayList<>();
        for (Header h : headers.headers(name)) {
            values.add(new String(h.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    static SpanContext sentIn(ProducerRecord<String, String> record) {
        List<String> values = headers(record.headers(), "traceparent");
        assertEquals(1, values.size(), "exactly one traceparent on " + record);
        String[] parts = values.get(0).split("-");
        return SpanContext.createFromRemoteParent(parts[1], parts[2], io.opentelemetry.api.trace.TraceFlags.fromHex(parts[3], 0),
                io.opentelemetry.api.trace.TraceState.getDefault());
    }

    @Test
    void eachOutputContinuesTheTraceOfTheInputItCameFrom() {
        ConsumerRecord<String, String> a = input("scenario-a", 10, "00-" + UPSTREAM_TRACE + "-" + UPSTREAM_SPAN + "-01");
        ConsumerRecord<String, String> b = input("scenario-b", 11, null);
        StageTraces traces = StageTraces.start(tracing, "compute-service", List.of(a, b));

        // Outputs in another order than the inputs: attributed by scenario id, not by position.
        ProducerRecord<String, String> outB = outcome("scenario-b");
        ProducerRecord<String, String> outA = outcome("scenario-a");
        traces.attribute(List.of(outB, outA));
        traces.end(null);

        SpanData spanA = exported.only("scenario-a");
        assertEquals("process scenarios.resolved", spanA.getName());
        assertEquals(SpanKind.CONSUMER, spanA.getKind());
        assertEquals(UPSTREAM_TRACE, spanA.getTraceId(), "the input's trace goes on");
        assertEquals(UPSTREAM_SPAN, spanA.getParentSpanId(), "child of the span that sent the input");
        assertEquals("compute-service", spanA.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                "messaging.consumer.group.name")));
        assertEquals(10L, spanA.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("messaging.kafka.offset")));

        SpanContext publishedA = sentIn(outA);
        assertEquals(UPSTREAM_TRACE, publishedA.getTraceId());
        assertEquals(spanA.getSpanId(), publishedA.getSpanId(), "the next stage's parent is this stage's span");
        assertTrue(publishedA.isSampled());

        SpanData spanB = exported.only("scenario-b");
        assertEquals(SpanContext.getInvalid().getSpanId(), spanB.getParentSpanId(), "an input without context starts a trace of its own");
        assertNotEquals(UPSTREAM_TRACE, spanB.getTraceId());
        assertEquals(spanB.getTraceId(), sentIn(outB).getTraceId());
        assertEquals(spanB.getSpanId(), sentIn(outB).getSpanId());
        assertEquals(StatusCode.UNSET, spanA.getStatus().getStatusCode());
    }

    @Test
    void aDeadLetterCarriesItsSourceRecordsSpanNotTheContextItWasSentIn() {
        ConsumerRecord<String, String> bad = input("scenario-x", 7, "00-" + UPSTREAM_TRACE + "-" + UPSTREAM_SPAN + "-01");
        StageTraces traces = StageTraces.start(tracing, "compute-service", List.of(bad));
        ProducerRecord<String, String> dead = DeadLetters.of(bad, "compute-service", "Not JSON", null);
        traces.attribute(List.of(dead));
        traces.end(null);

        SpanData span = exported.only("scenario-x");
        SpanContext published = sentIn(dead); // one traceparent: the copied one was replaced
        assertEquals(span.getSpanId(), published.getSpanId());
        assertEquals(UPSTREAM_TRACE, published.getTraceId());
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertTrue(span.getStatus().getDescription().contains("Not JSON"), span.getStatus().getDescription());
    }

    @Test
    void aDeadLetterOfARecordWithoutKeyIsAttributedByItsSourcePosition() {
        ConsumerRecord<String, String> keyless = new ConsumerRecord<>("scenarios.resolved", 2, 99L, 0L, TimestampType.CREATE_TIME, -1,
                -1, null, "garbage", new RecordHeaders(), Optional.empty());
        StageTraces traces = StageTraces.start(tracing, null, List.of(keyless));
        ProducerRecord<String, String> dead = DeadLetters.of(keyless, "compute-service", "Not JSON", null);
        traces.attribute(List.of(dead));
        traces.end(null);

        assertEquals(1, exported.spans.size());
        assertEquals(exported.spans.get(0).getSpanId(), sentIn(dead).getSpanId());
    }

    @Test
    void aOneRecordBatchRunsItsHandlerInTheRecordsTraceWithItsScenarioIdInTheLogContext() {
        ConsumerRecord<String, String> a = input("scenario-a", 10, "00-" + UPSTREAM_TRACE + "-" + UPSTREAM_SPAN + "-01");
        StageTraces one = StageTraces.start(tracing, "g", List.of(a));
        String[] seen = one.during(() -> new String[] { Span.current().getSpanContext().getTraceId(),
                String.valueOf(MDC.get(ScenarioLogContext.SCENARIO_ID)) });
        assertEquals(UPSTREAM_TRACE, seen[0]);
        assertEquals("scenario-a", seen[1]);
        assertFalse(Span.current().getSpanContext().isValid(), "nothing stays current after the handler call");
        assertNull(MDC.get(ScenarioLogContext.SCENARIO_ID));

        // Many records: no one trace is the batch's, so none is made current.
        StageTraces many = StageTraces.start(tracing, "g", List.of(a, input("scenario-b", 11, null)));
        assertFalse(many.during(() -> Span.current().getSpanContext().isValid()));
        one.end(null);
        many.end(null);
    }

    @Test
    void aHandedBackBatchEndsItsSpansWithoutError() {
        StageTraces traces = StageTraces.start(tracing, "g", List.of(input("scenario-a", 1, null)));
        traces.end(new HandedBack("rebalanced"));
        SpanData span = exported.only("scenario-a");
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertTrue(span.hasEnded());
        assertEquals("handed back uncommitted: read again by the next consumer", span.getEvents().get(0).getName());
    }

    @Test
    void theOutboxFormOfAContextRestoresTheSameSpan() {
        Span span = sdk.getTracer("t").spanBuilder("POST").startSpan();
        String text = tracing.serialize(Context.root().with(span));
        assertTrue(text.startsWith("traceparent=00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId()),
                text);
        SpanContext restored = Span.fromContext(tracing.deserialize(text)).getSpanContext();
        assertEquals(span.getSpanContext().getTraceId(), restored.getTraceId());
        assertEquals(span.getSpanContext().getSpanId(), restored.getSpanId());
        assertNull(tracing.serialize(Context.root()), "no span, nothing to store");
        assertFalse(Span.fromContext(tracing.deserialize(null)).getSpanContext().isValid());
        span.end();
    }
}
