package dev.estimator.e2e.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the broker holds, read as a subscriber would: end offsets (to see activity and trigger faults) and the
 * records a {@code read_committed} consumer sees (to count duplicates, orphans and dead letters).
 */
final class KafkaAudit implements AutoCloseable {

    /** One record as seen by a read_committed consumer: where it is and its key (the scenario id). */
    record Seen(String topic, int partition, long offset, String key) {
        TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }
    }

    private final String bootstrapServers;
    private final Admin admin;

    KafkaAudit(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 5_000,
                "default.api.timeout.ms", 10_000, "reconnect.backoff.max.ms", 1_000));
    }

    /** Log end offsets (uncommitted records and transaction markers included) of every partition of the topics. */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        return offsets(topics, IsolationLevel.READ_UNCOMMITTED);
    }

    /** Records behind the last stable offset, summed over the topics' partitions: > 0 while a transaction is open. */
    long openTransactions(Collection<String> topics) {
        Map<TopicPartition, Long> end = offsets(topics, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> stable = offsets(topics, IsolationLevel.READ_COMMITTED);
        return end.entrySet().stream().mapToLong(e -> e.getValue() - stable.getOrDefault(e.getKey(), e.getValue())).sum();
    }

    /** Topics whose name ends in {@code .dlq}, whoever created them. */
    List<String> deadLetterTopics() {
        try {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().filter(t -> t.endsWith(".dlq")).sorted().toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records added to {@code topic} since {@code snapshot} (by offset: counts every record, committed or not). */
    static long producedSince(Map<TopicPartition, Long> snapshot, Map<TopicPartition, Long> now, String topic) {
        long produced = 0;
        for (Map.Entry<TopicPartition, Long> e : now.entrySet()) {
            if (e.getKey().topic().equals(topic)) {
                produced += e.getValue() - snapshot.getOrDefault(e.getKey(), 0L);
            }
        }
        return produced;
    }

    /**
     * Every record a {@code read_committed} consumer sees in {@code topics}, from {@code from} (a partition not in
     * the map: from its beginning) up to the last stable offset, i.e. up to the first transaction still open.
     */
    List<Seen> readCommitted(Collection<String> topics, Map<TopicPartition, Long> from) {
        Map<TopicPartition, Long> stable = offsets(topics, IsolationLevel.READ_COMMITTED);
        List<Seen> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
                "isolation.level", "read_committed", "enable.auto.commit", "false", "max.partition.fetch.bytes", 4 << 20),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(stable.keySet());
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.min(from.getOrDefault(tp, 0L), stable.get(tp)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < stable.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topics + " up to " + stable + " within 120 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < stable.get(new TopicPartition(r.topic(), r.partition()))) {
                        seen.add(new Seen(r.topic(), r.partition(), r.offset(), r.key()));
                    }
                }
            }
        }
        return seen;
    }

    private Map<TopicPartition, Long> offsets(Collection<String> topics, IsolationLevel isolation) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) -> description
                    .partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the offsets of " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
