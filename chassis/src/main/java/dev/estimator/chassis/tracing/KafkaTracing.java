package dev.estimator.chassis.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}, {@code baggage}) in Kafka record headers, for the records
 * the services send through their own producers (the stages' transactional one, the gateway's outbox relay), which the
 * connector's tracing does not see. So one trace follows a scenario from its POST to its estimate
 * (docs/architecture.md, observability). The propagators are the ones Quarkus configures
 * ({@code quarkus.otel.propagators}).
 * <p>
 * Span names and attributes follow the OpenTelemetry messaging conventions ({@code process <topic>},
 * {@code send <topic>}), plus the scenario id, so a trace can be found by scenario.
 */
@ApplicationScoped
public class KafkaTracing {

    /** The attribute (and the log MDC key, {@link ScenarioLogContext#SCENARIO_ID}) that names the scenario. */
    public static final AttributeKey<String> SCENARIO_ID = AttributeKey.stringKey("estimator.scenario.id");

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    private static final String SUBJECT = "ce_subject";

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header header : headers) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            Header header = headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    /** Replaces rather than adds: a record copied from another (a dead letter) must carry one context, this one. */
    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    @Inject
    public KafkaTracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("dev.estimator.chassis");
    }

    private TextMapPropagator propagator() {
        return openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** The context a record was sent in (root if it carries none). */
    public Context extract(Headers headers) {
        return propagator().extract(Context.root(), headers, GETTER);
    }

    /** Writes {@code context} into {@code headers}, replacing whatever context they carried. */
    public void inject(Context context, Headers headers) {
        for (String field : propagator().fields()) {
            headers.remove(field);
        }
        propagator().inject(context, headers, SETTER);
    }

    /**
     * The context as text ({@code traceparent}, and {@code tracestate}/{@code baggage} when present, one
     * {@code name=value} per line), to store beside an outbox row; null when there is no valid span in it.
     */
    public String serialize(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        propagator().inject(context, fields, Map::put);
        if (fields.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return text.toString();
    }

    /** The context {@link #serialize} wrote (root if none). */
    public Context deserialize(String text) {
        if (text == null || text.isBlank()) {
            return Context.root();
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return propagator().extract(Context.root(), fields, new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(Map<String, String> carrier) {
                return carrier.keySet();
            }

            @Override
            public String get(Map<String, String> carrier, String key) {
                return carrier == null ? null : carrier.get(key);
            }
        });
    }

    /**
     * A span for one input record of a stage, child of the context the record was sent in: {@code process <topic>},
     * kind CONSUMER. Not made current: the caller decides where (a batch has one per record).
     */
    public Span startProcess(ConsumerRecord<?, ?> record, String consumerGroup) {
        var builder = tracer.spanBuilder("process " + record.topic())
                .setParent(extract(record.headers()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "process")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(OFFSET, record.offset());
        if (consumerGroup != null) {
            builder.setAttribute(CONSUMER_GROUP, consumerGroup);
        }
        String scenario = scenarioId(record);
        if (scenario != null) {
            builder.setAttribute(SCENARIO_ID, scenario);
        }
        return builder.startSpan();
    }

    /** A span for one record this service sends, child of {@code parent}: {@code send <topic>}, kind PRODUCER. */
    public Span startSend(ProducerRecord<?, ?> record, Context parent) {
        var builder = tracer.spanBuilder("send " + record.topic())
                .setParent(parent)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "send")
                .setAttribute(DESTINATION, record.topic());
        if (record.key() != null) {
            builder.setAttribute(SCENARIO_ID, record.key().toString());
        }
        return builder.startSpan();
    }

    /** The scenario a record is about: its CloudEvents subject, else its key (every topic is keyed by scenario id). */
    public static String scenarioId(ConsumerRecord<?, ?> record) {
        String subject = GETTER.get(record.headers(), SUBJECT);
        if (subject != null && !subject.isEmpty()) {
            return subject;
        }
        return record.key() == null ? null : record.key().toString();
    }
}
