package dev.estimator.stack.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerBuilder;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * The tests' Kafka client: a few shorthands over SmallRye's {@link KafkaCompanion} (also {@link #companion()} for
 * anything else). Every read uses a fresh consumer group and {@code read_committed}, as a subscriber of the pipeline
 * does, so tests never steal records from the services under test nor see an aborted transaction.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final KafkaCompanion companion;

    public KafkaTestClient(String bootstrapServers) {
        this.companion = new KafkaCompanion(bootstrapServers);
    }

    public KafkaCompanion companion() {
        return companion;
    }

    /** Sends and waits for the broker's acknowledgement; returns where the record landed. */
    public RecordMetadata send(String topic, String key, String value) {
        return companion.produceStrings().withProp("acks", "all").fromRecords(KafkaCompanion.record(topic, key, value))
                .awaitCompletion().getFirstRecord();
    }

    /** The first record of {@code topic} with this key, waiting up to {@code timeout}. */
    public ConsumerRecord<String, String> awaitRecord(String topic, String key, Duration timeout) {
        return awaitRecords(topic, r -> key.equals(r.key()), 1, timeout).get(0);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> match,
            int count, Duration timeout) {
        try (ConsumerTask<String, String> task = reader().fromTopics(Set.of(topic), records -> records.select().where(match))) {
            return List.copyOf(task.awaitRecords(count, timeout).getRecords());
        } catch (AssertionError e) {
            throw new AssertionError("Expected " + count + " matching record(s) on " + topic + " within " + timeout + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every record of {@code topic} that matches, reading for {@code window} (to prove there is no extra one). */
    public List<ConsumerRecord<String, String>> readAll(String topic, Predicate<ConsumerRecord<String, String>> match,
            Duration window) {
        try (ConsumerTask<String, String> task = reader().fromTopics(Set.of(topic),
                records -> records.select().where(match).select().first(window))) {
            return List.copyOf(task.awaitCompletion(window.plusSeconds(30)).getRecords());
        }
    }

    /**
     * Waits until consumer group {@code group} has committed every record of {@code topic} (no lag), so a test proves
     * that a service acknowledges what it processed instead of only producing output.
     * <p>
     * Offsets count transaction markers too: a stage that committed everything of a transactional topic still sits one
     * marker short of the end offset. What matters is whether a committed record is left unread, so partitions that
     * look behind are read from the committed offset as a {@code read_committed} subscriber would.
     */
    public void awaitNoLag(String group, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> behind = Map.of();
        while (System.nanoTime() < deadline) {
            behind = recordsBehind(group, topic);
            if (!behind.isEmpty() && behind.values().stream().allMatch(n -> n == 0)) {
                return;
            }
            KafkaCompanion.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("Consumer group " + group + " still lags on " + topic + " after " + timeout + ": " + behind);
    }

    /** Per partition of {@code topic} that holds records: how many committed records the group has not committed yet. */
    private Map<TopicPartition, Long> recordsBehind(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed = companion.consumerGroups().offsets(group);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        companion.topics().describe(topic).get(topic).partitions()
                .forEach(p -> latest.put(KafkaCompanion.tp(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> behind = new HashMap<>();
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        companion.offsets().list(latest).forEach((tp, end) -> {
            if (end.offset() == 0) {
                return;
            }
            ends.put(tp, end.offset());
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                behind.put(tp, -1L); // nothing committed at all
            } else if (c.offset() >= end.offset()) {
                behind.put(tp, 0L);
            } else {
                from.put(tp, c.offset());
            }
        });
        if (from.isEmpty()) {
            return behind;
        }
        ConsumerBuilder<String, String> reader = reader();
        try (ConsumerTask<String, String> task = reader.fromOffsets(from)) {
            try {
                KafkaCompanion.waitFor(() -> from.keySet().stream().allMatch(tp -> position(reader, tp) >= ends.get(tp)),
                        Duration.ofMillis(50)).await().atMost(Duration.ofSeconds(2));
            } catch (RuntimeException stillShort) {
                // counted below as not caught up
            }
            Map<TopicPartition, List<ConsumerRecord<String, String>>> read = task.byTopicPartition();
            for (TopicPartition tp : from.keySet()) {
                long unread = read.getOrDefault(tp, List.of()).size();
                // Still short of the end: an open transaction or records not yet readable, so not caught up.
                behind.put(tp, unread + (position(reader, tp) < ends.get(tp) ? 1 : 0));
            }
        }
        return behind;
    }

    /** -1 until the reader has its partitions. */
    private static long position(ConsumerBuilder<String, String> reader, TopicPartition tp) {
        try {
            return reader.position(tp);
        } catch (RuntimeException notYet) {
            return -1;
        }
    }

    /** The last value of header {@code name}, null if the record has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ConsumerBuilder<String, String> reader() {
        return companion.consumeStrings().withGroupId("test-reader-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).withIsolationLevel(IsolationLevel.READ_COMMITTED);
    }

    @Override
    public void close() {
        companion.close();
    }
}
