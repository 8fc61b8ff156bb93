package dev.estimator.stack.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests: produce a string record, and read a topic from the beginning until
 * a record matches. Every read uses a fresh consumer group, so tests never steal records from the
 * services under test.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends and waits for the broker's acknowledgement; returns where the record landed. */
    public RecordMetadata send(String topic, String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot send to " + topic, e.getCause());
        }
    }

    /** The first record of {@code topic} with this key, waiting up to {@code timeout}. */
    public ConsumerRecord<String, String> awaitRecord(String topic, String key, Duration timeout) {
        return awaitRecords(topic, r -> key.equals(r.key()), 1, timeout).get(0);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, or fails after {@code timeout}. */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> match,
            int count, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("Expected " + count + " matching record(s) on " + topic + " within " + timeout
                    + ", found " + found.size());
        }
        return found;
    }

    /** Every record of {@code topic} that matches, reading for {@code window} (to prove there is no extra one). */
    public List<ConsumerRecord<String, String>> readAll(String topic, Predicate<ConsumerRecord<String, String>> match,
            Duration window) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Waits until consumer group {@code group} has committed every record of {@code topic} (no lag), so a
     * test proves that a service acknowledges what it processed instead of only producing output.
     */
    public void awaitNoLag(String group, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> lag = Map.of();
            while (System.nanoTime() < deadline) {
                lag = lag(admin, group, topic);
                lag = recordsBehind(lag, committed(admin, group));
                if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0)) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("Consumer group " + group + " still lags on " + topic + " after " + timeout + ": " + lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read offsets of " + group, e.getCause());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    /**
     * Offsets count transaction markers too: a stage that committed everything of a transactional topic still sits
     * one marker short of the end offset. What matters is whether a committed record is left unread, so partitions
     * that look behind are read from the committed offset as a read_committed subscriber would.
     */
    private Map<TopicPartition, Long> recordsBehind(Map<TopicPartition, Long> lag, Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<TopicPartition, Long> behind = new java.util.HashMap<>(lag);
        List<TopicPartition> check = lag.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        if (check.isEmpty()) {
            return behind;
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(check);
            for (TopicPartition tp : check) {
                consumer.seek(tp, committed.get(tp).offset());
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(check);
            Map<TopicPartition, Long> unread = new java.util.HashMap<>();
            check.forEach(tp -> unread.put(tp, 0L));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline && check.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    unread.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
                }
            }
            for (TopicPartition tp : check) {
                // Still short of the end: an open transaction or records not yet readable, so not caught up.
                behind.put(tp, unread.get(tp) + (consumer.position(tp) < ends.get(tp) ? 1 : 0));
            }
        }
        return behind;
    }

    /** Lag per partition of {@code topic} that holds records (end offset minus committed offset, -1 = nothing committed). */
    private static Map<TopicPartition, Long> lag(Admin admin, String group, String topic)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, Long> lag = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            if (end > 0) {
                OffsetAndMetadata c = committed.get(tp);
                lag.put(tp, c == null ? -1 : end - c.offset());
            }
        }
        return lag;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "test-reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                // What a subscriber sees: only committed transactions (the stages publish transactionally).
                "enable.auto.commit", "false", "isolation.level", "read_committed"), new StringDeserializer(),
                new StringDeserializer());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
