package dev.estimator.chassis.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.estimator.chassis.lifecycle.Draining;
import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.retry.PausedStages;
import dev.estimator.chassis.retry.RetryPolicy;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Publishes a batch's output records and commits its input offsets in ONE Kafka transaction (consume-transform-
 * produce): a {@code read_committed} subscriber sees every output exactly once, and the input is consumed exactly
 * when its outputs are visible. The producer is this bean's own (not a connector channel) because the retry rules
 * below need full control of it; every blocking producer call runs on one dedicated thread.
 * <p>
 * A failed attempt is retried in place, for as long as the broker is unavailable, with backoff, while the stage is
 * reported paused. Before every retry the consumer group's committed offsets are read back: if they already cover
 * the batch, the previous attempt committed (its acknowledgement was lost) and nothing is sent again. If the consumer
 * group rebalanced meanwhile, the batch is handed back: the consumer is reset to its committed offsets and reads the
 * records again (the stage's outcome store then publishes the same stored outcomes).
 */
@ApplicationScoped
public class TransactionalPublisher {

    private static final Logger LOG = Logger.getLogger(TransactionalPublisher.class);
    static final String PRODUCER_PREFIX = "estimator.kafka.producer.";

    /** A record the broker refuses for good (too large, invalid): retrying the same transaction cannot help. */
    public static final class RecordRefused extends RuntimeException {
        RecordRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaDefaults;

    @Inject
    KafkaClientService clients;

    @Inject
    PausedStages paused;

    @Inject
    RetryPolicy retry;

    @Inject
    Config config;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    /** Unique per replica; stable across restarts of the same replica, so a restart aborts its dead predecessor's transaction at once. */
    @ConfigProperty(name = "estimator.kafka.transactional-id")
    Optional<String> transactionalId;

    /**
     * The topics this stage may publish to besides dead letters ({@code <input>.dlq}): its contract, which the
     * Kubernetes ACLs are checked against (deploy/k8s). A record for another topic is a bug, refused before the
     * transaction starts.
     */
    @ConfigProperty(name = "estimator.kafka.output-topics")
    Optional<List<String>> outputTopics;

    @Inject
    Draining draining;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "estimator-kafka-tx");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, String> producer;

    /**
     * Sends {@code records} and commits {@code offsets} (next offset to read, per partition) for {@code channel}'s
     * consumer group, atomically. Completes when committed; fails with {@link HandedBack} when this replica
     * may no longer commit the batch (rebalance, shutdown).
     */
    public Uni<Void> publishAndCommit(String stage, String channel, int generation, List<ProducerRecord<String, String>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            records.forEach(record -> ProducerSettings.checkDeclared(outputTopics, record.topic(), true));
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(e);
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().<Void> emitter(emitter -> {
            thread.execute(() -> {
                Throwable failure = null;
                try {
                    commitUntilDone(stage, channel, generation, records, offsets);
                } catch (Throwable t) {
                    failure = t;
                }
                Throwable result = failure;
                Runnable complete = () -> {
                    if (result == null) {
                        emitter.complete(null);
                    } else {
                        emitter.fail(result);
                    }
                };
                if (context != null) {
                    context.runOnContext(v -> complete.run());
                } else {
                    complete.run();
                }
            });
        });
    }

    private void commitUntilDone(String stage, String channel, int generation, List<ProducerRecord<String, String>> records,
            Map<TopicPartition, OffsetAndMetadata> offsets) throws InterruptedException {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(channel);
        int failures = 0;
        while (true) {
            if (draining.isStopping() && failures > 0) {
                throw new HandedBack("Stopping: batch of " + channel + " left for the next consumer");
            }
            try {
                if (failures > 0 && covered(consumer, offsets)) {
                    LOG.infof("%s: the previous attempt had committed (its acknowledgement was lost); nothing re-sent", stage);
                    paused.resumed(stage);
                    return;
                }
                ConsumerGroupMetadata group = consumer.consumerGroupMetadata().await().atMost(Duration.ofSeconds(30));
                if (group.generationId() != generation) {
                    consumer.resetToLastCommittedPositions().await().atMost(Duration.ofSeconds(30));
                    paused.resumed(stage);
                    throw new HandedBack("Consumer group of " + channel + " rebalanced (generation " + generation + " -> "
                            + group.generationId() + "): batch handed back");
                }
                Producer<String, String> p = producer();
                p.beginTransaction();
                List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
                try {
                    for (ProducerRecord<String, String> record : records) {
                        sends.add(p.send(record));
                    }
                    p.sendOffsetsToTransaction(offsets, group);
                    p.commitTransaction();
                } catch (RuntimeException e) {
                    abortOrClose(e);
                    throw refusedRecord(sends).<RuntimeException> map(r -> r).orElse(e);
                }
                if (failures > 0) {
                    paused.resumed(stage);
                }
                return;
            } catch (HandedBack | RecordRefused e) {
                throw e;
            } catch (RuntimeException e) {
                failures++;
                paused.paused(stage, e);
                LOG.debugf(e, "%s: transaction attempt %d failed", stage, failures);
                Thread.sleep(retry.backoff(failures - 1).toMillis());
            }
        }
    }

    /** The first send the broker refused for a reason that retrying cannot cure, if any. */
    private static Optional<RecordRefused> refusedRecord(List<Future<RecordMetadata>> sends) {
        for (Future<RecordMetadata> send : sends) {
            if (send.isDone()) {
                try {
                    send.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException
                            || cause instanceof SerializationException) {
                        return Optional.of(new RecordRefused("The broker refused a record: " + cause.getMessage(), cause));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException ignored) {
                    // cancelled: not a verdict on the record
                }
            }
        }
        return Optional.empty();
    }

    private static boolean covered(KafkaConsumer<Object, Object> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(offsets.keySet().toArray(new TopicPartition[0]))
                .await().atMost(Duration.ofSeconds(30));
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            OffsetAndMetadata c = committed == null ? null : committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    /**
     * After a failed transaction: abort it if the producer allows; otherwise (fenced, timed out mid-commit, fatal
     * state) close it, and the next attempt starts a new one, whose initTransactions finishes or aborts the old
     * transaction before anything else happens.
     */
    private void abortOrClose(RuntimeException cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            LOG.debugf("Abort impossible after %s (%s): new producer", cause, abortFailed);
            closeProducer();
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            KafkaProducer<String, String> created = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                    new StringSerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    Map<String, Object> producerConfig() {
        // Tuned for a broker that may be away for a while: fail an attempt in seconds, not minutes, and retry it here.
        Map<String, Object> props = ProducerSettings.producer(kafkaDefaults, Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000"), config, PRODUCER_PREFIX);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId());
        return props;
    }

    String transactionalId() {
        return transactionalId.filter(s -> !s.isBlank()).orElseGet(() -> {
            String host = System.getenv("HOSTNAME");
            return application + "-" + (host == null || host.isBlank() ? "local" : host);
        });
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // Closing a broken producer can fail; a new one is what matters.
            }
            producer = null;
        }
    }

    /**
     * At start, before any batch: a replica restarted after a crash takes over its transactional id at once, so the
     * broker aborts the transaction its predecessor left open now instead of after {@code transaction.timeout.ms}
     * (read_committed readers of those partitions wait until then). If the broker is away, the first batch retries.
     */
    void onStart(@Observes StartupEvent event) {
        if (!runsAStage()) {
            return;
        }
        thread.execute(() -> {
            try {
                producer();
            } catch (RuntimeException e) {
                LOG.infof("Transactional producer not ready yet (%s): the first batch retries", e.toString());
            }
        });
    }

    /** A channel whose offsets the connector never commits is an exactly-once stage's input (see ExactlyOnceStage). */
    private boolean runsAStage() {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".commit-strategy")
                    && "ignore".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        thread.execute(this::closeProducer);
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
