package dev.estimator.chassis.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.tracing.KafkaTracing;
import dev.estimator.chassis.tracing.ScenarioLogContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * The traces of one batch of a stage: a {@code process <topic>} span per input record, child of the context the record
 * was sent in, from the batch's start until its transaction commits (or fails). Every record the stage publishes for an
 * input (outcome or dead letter) carries that input's span as its {@code traceparent}, so the next stage continues the
 * same trace. Outputs are attributed to inputs by what they share: a dead letter names its source (topic, partition,
 * offset); an outcome has the input's scenario id as its key, as every topic of the pipeline is keyed by scenario id
 * (docs/events.md).
 */
final class StageTraces {

    private static final Logger LOG = Logger.getLogger(StageTraces.class);

    private final KafkaTracing tracing;
    private final List<ConsumerRecord<String, String>> records;
    private final Span[] spans;
    private final Context[] contexts;
    private final String[] scenarioIds;
    private final int[] published;
    private final Map<String, Integer> byScenario = new HashMap<>();
    private final Map<String, Integer> byPosition = new HashMap<>();

    private StageTraces(KafkaTracing tracing, String consumerGroup, List<ConsumerRecord<String, String>> records) {
        this.tracing = tracing;
        this.records = records;
        int n = records.size();
        spans = new Span[n];
        contexts = new Context[n];
        scenarioIds = new String[n];
        published = new int[n];
        for (int i = 0; i < n; i++) {
            ConsumerRecord<String, String> record = records.get(i);
            spans[i] = tracing.startProcess(record, consumerGroup);
            contexts[i] = Context.root().with(spans[i]);
            scenarioIds[i] = KafkaTracing.scenarioId(record);
            byPosition.putIfAbsent(position(record.topic(), record.partition(), record.offset()), i);
            // A scenario read twice in one batch (a duplicate send): its one outcome continues the first one's trace.
            if (scenarioIds[i] != null) {
                byScenario.putIfAbsent(scenarioIds[i], i);
            }
            if (record.key() != null) {
                byScenario.putIfAbsent(record.key(), i);
            }
        }
    }

    static StageTraces start(KafkaTracing tracing, String consumerGroup, List<ConsumerRecord<String, String>> records) {
        return new StageTraces(tracing, consumerGroup, records);
    }

    /**
     * Runs {@code work} (the synchronous part of a handler call) with the record's trace and scenario id current when
     * the batch is one record, so what the handler logs names them; a batch of many has no single trace to name.
     */
    <T> T during(Supplier<T> work) {
        if (records.size() != 1) {
            return work.get();
        }
        return during(records.get(0), work);
    }

    /** Runs {@code work} with {@code record}'s trace and scenario id current (the record is one of this batch's). */
    <T> T during(ConsumerRecord<String, String> record, Supplier<T> work) {
        int i = indexOf(record);
        if (i < 0) {
            return work.get();
        }
        try (ScenarioLogContext ignored = ScenarioLogContext.open(contexts[i], scenarioIds[i])) {
            return work.get();
        }
    }

    /**
     * Writes each output's input span into its headers, as the context the next stage continues. Tracing never fails
     * a batch: an output whose headers cannot take the context is published without it.
     */
    List<ProducerRecord<String, String>> attribute(List<ProducerRecord<String, String>> outputs) {
        for (ProducerRecord<String, String> out : outputs) {
            int i = sourceOf(out);
            if (i < 0) {
                continue; // not derived from an input of this batch: it keeps whatever context it has
            }
            try {
                tracing.inject(contexts[i], out.headers());
            } catch (RuntimeException e) {
                LOG.debugf("No trace context on a record for %s: %s", out.topic(), e);
            }
            published[i]++;
            if (out.topic().endsWith(DeadLetters.SUFFIX)) {
                spans[i].setStatus(StatusCode.ERROR, "dead-lettered: " + header(out.headers(), DeadLetters.REASON));
            }
        }
        return outputs;
    }

    /** The batch failed as a whole and its records are run one by one: each span says so. */
    void isolating(Throwable failure) {
        Arrays.fill(published, 0); // what the failed batch would have published was not
        for (Span span : spans) {
            span.addEvent("batch failed, record run alone: " + failure);
        }
    }

    /** Ends every span: committed (failure null), handed back to the next consumer, or failed. */
    void end(Throwable failure) {
        for (int i = 0; i < spans.length; i++) {
            Span span = spans[i];
            if (failure instanceof HandedBack) {
                span.addEvent("handed back uncommitted: read again by the next consumer");
            } else if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            if (failure == null && ScenarioLogContext.TRAIL.isDebugEnabled()) {
                ConsumerRecord<String, String> record = records.get(i);
                try (ScenarioLogContext ignored = ScenarioLogContext.open(contexts[i], scenarioIds[i])) {
                    ScenarioLogContext.TRAIL.debugf("%s-%d@%d processed: %d record(s) published", record.topic(), record.partition(),
                            record.offset(), published[i]);
                }
            }
            span.end();
        }
    }

    private int indexOf(ConsumerRecord<String, String> record) {
        return byPosition.getOrDefault(position(record.topic(), record.partition(), record.offset()), -1);
    }

    private int sourceOf(ProducerRecord<String, String> out) {
        String topic = header(out.headers(), DeadLetters.TOPIC);
        String partition = header(out.headers(), DeadLetters.PARTITION);
        String offset = header(out.headers(), DeadLetters.OFFSET);
        if (topic != null && partition != null && offset != null) {
            try {
                Integer i = byPosition.get(position(topic, Integer.parseInt(partition), Long.parseLong(offset)));
                if (i != null) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // not a dead letter of ours: attributed by key below
            }
        }
        return out.key() == null ? -1 : byScenario.getOrDefault(out.key(), -1);
    }

    private static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
