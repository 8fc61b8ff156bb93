package dev.estimator.gateway.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.estimator.chassis.error.ConflictException;
import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Replays a pipeline topic's dead letters into the topic: each record of {@code <topic>.dlq} is published again on
 * {@code <topic>} with its key, value and original headers (the {@code dead-letter-*} ones removed). That is safe
 * because every stage is idempotent by scenario id: a scenario that finished meanwhile changes nothing, and a record
 * that still cannot succeed is dead-lettered again, with a new offset.
 * <p>
 * Each dead letter is replayed once: the replay reads {@code <topic>.dlq} in its own consumer group
 * ({@code <group-prefix><topic>}) and commits each poll's offsets only after the broker acknowledged that poll's
 * re-publications. A call replays what was in the DLQ when it started (not the letters its own replays cause), up to
 * {@code max} records; {@code more} says whether a further call has work. Blocking Kafka calls: run it on a worker.
 */
@ApplicationScoped
public class DeadLetterReplayer {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplayer.class);
    private static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /** The topics whose consumers dead-letter and whose records a stage can take again. */
    public static final List<String> TOPICS = List.of("scenarios.submitted", "scenarios.resolved", "scenarios.computed",
            "estimates", "scenarios.rejected");

    /** What a replay did. {@code more}: it stopped at {@code max} records or its time limit, and letters are left. */
    public record Replay(String topic, String deadLetterTopic, long replayed, boolean more) {
    }

    /** Another replay of the same topic runs on this replica. */
    public static final class ReplayInProgress extends ConflictException {
        ReplayInProgress(String topic) {
            super("topic", "A replay of " + topic + " is running already");
        }
    }

    @Inject
    GatewayProducer producer;

    @Inject
    GatewayConfig.DeadLetterReplay config;

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** @param topic one of {@link #TOPICS} (checked by the caller) */
    public Replay replay(String topic, int max) throws InterruptedException, ExecutionException, TimeoutException {
        ReentrantLock lock = locks.computeIfAbsent(topic, t -> new ReentrantLock());
        // Two replays in one group would read the same letters before either commits: the second waits its turn.
        if (!lock.tryLock()) {
            throw new ReplayInProgress(topic);
        }
        try {
            return replayLocked(topic, max);
        } finally {
            lock.unlock();
        }
    }

    private Replay replayLocked(String topic, int max) throws InterruptedException, ExecutionException, TimeoutException {
        String dlq = DeadLetters.topicFor(topic);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(topic), new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(dlq, CALL_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return new Replay(topic, dlq, 0, false);
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(assigned);
            // The letters present now; those written while this runs (a replayed record failing again) wait for the next call.
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, CALL_TIMEOUT);
            long replayed = 0;
            boolean limited = false;
            long deadline = System.nanoTime() + config.timeout().toNanos();
            while (!limited && behind(consumer, end) && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                Map<TopicPartition, Long> next = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, String> record : records.records(tp)) {
                        if (record.offset() >= end.get(tp)) {
                            break;
                        }
                        if (replayed + sends.size() >= max) {
                            limited = true;
                            break;
                        }
                        sends.add(producer.send(replayed(topic, record), null));
                        next.put(tp, record.offset() + 1);
                    }
                }
                for (Future<RecordMetadata> send : sends) {
                    // A failure leaves this poll uncommitted: its letters are replayed again by the next call.
                    send.get(CALL_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
                }
                replayed += sends.size();
                if (!limited) {
                    // Read up to the snapshot's end: commit the end itself, past transaction markers and aborted records.
                    for (TopicPartition tp : assigned) {
                        if (consumer.position(tp, CALL_TIMEOUT) >= end.get(tp) && end.get(tp) > 0) {
                            next.put(tp, end.get(tp));
                        }
                    }
                }
                if (!next.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
                    consumer.commitSync(offsets, CALL_TIMEOUT);
                }
            }
            boolean more = limited || behind(consumer, end);
            LOG.infof("Replayed %d dead letter(s) from %s to %s%s", replayed, dlq, topic, more ? " (more are left)" : "");
            return new Replay(topic, dlq, replayed, more);
        }
    }

    private static boolean behind(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), CALL_TIMEOUT) < e.getValue()) {
                return true;
            }
        }
        return false;
    }

    static ProducerRecord<String, String> replayed(String topic, ConsumerRecord<String, String> letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : letter.headers()) {
            if (!h.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                headers.add(h);
            }
        }
        return new ProducerRecord<>(topic, null, letter.key(), letter.value(), headers);
    }

    private Map<String, Object> consumerConfig(String topic) {
        String groupPrefix = config.groupPrefix();
        Map<String, Object> props = producer.clusterSettings();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + topic);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupPrefix + topic + "-" + Long.toHexString(System.nanoTime()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Stages write their dead letters in Kafka transactions: only committed ones are letters.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return props;
    }

    public static boolean isPipelineTopic(String topic) {
        return TOPICS.contains(topic);
    }
}
