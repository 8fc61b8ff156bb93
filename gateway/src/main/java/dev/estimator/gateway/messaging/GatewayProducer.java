package dev.estimator.gateway.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.estimator.chassis.kafka.ProducerSettings;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The gateway's one Kafka producer (idempotent, {@code acks=all}): the outbox relay, the registry's dead letters and
 * the dead-letter replay all send through it. It is a plain client rather than a connector channel because each of
 * them must know, per record, whether the broker took it (a row is marked published, an offset committed, only after
 * that), and must never block an event loop: {@code send} can wait up to {@code max.block.ms} for metadata while the
 * broker is away, so {@link #sendAsync} calls it on a thread of its own.
 */
@ApplicationScoped
public class GatewayProducer {

    private static final Logger LOG = Logger.getLogger(GatewayProducer.class);
    static final String PREFIX = "gateway.kafka.producer.";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaDefaults;

    @Inject
    Config config;

    /**
     * Every topic the gateway writes (the same contract as the chassis stages'): the Kubernetes ACLs are checked against
     * it (deploy/k8s), and a record for another topic is refused here, before it reaches the broker.
     */
    @ConfigProperty(name = "estimator.kafka.output-topics")
    Optional<List<String>> outputTopics;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gateway-kafka-send");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, String> producer;

    /** Sends from a thread that may block (the relay's, a worker): completes through the callback, on a Kafka I/O thread. */
    public Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
        checkDeclared(record.topic());
        return producer().send(record, callback);
    }

    /** Sends without blocking the caller; the Uni completes on the caller's Vert.x context once the broker acknowledged. */
    public Uni<RecordMetadata> sendAsync(ProducerRecord<String, String> record) {
        checkDeclared(record.topic());
        Context context = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> sender.execute(() -> {
            Callback done = (metadata, failure) -> {
                Runnable complete = () -> {
                    if (failure == null) {
                        emitter.complete(metadata);
                    } else {
                        emitter.fail(failure);
                    }
                };
                if (context != null) {
                    context.runOnContext(v -> complete.run());
                } else {
                    complete.run();
                }
            };
            try {
                producer().send(record, done);
            } catch (RuntimeException e) {
                done.onCompletion(null, e);
            }
        }));
    }

    private void checkDeclared(String topic) {
        ProducerSettings.checkDeclared(outputTopics, topic, false);
    }

    /** Consumer settings for the same cluster (bootstrap servers, security), without the producer's serializers. */
    public Map<String, Object> clusterSettings() {
        return ProducerSettings.cluster(kafkaDefaults);
    }

    private Producer<String, String> producer() {
        Producer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> props = ProducerSettings.producer(kafkaDefaults, Map.of(
                // A batch of a sweep is 256 KB of similar JSON: lz4 halves what the broker stores and replicates for little CPU.
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, "1",
                // Fail a send in seconds when the broker is away, not after the client's default two minutes: the outbox
                // keeps the row and the relay tries again, and a send must settle before the row's lease runs out.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000"), config, PREFIX);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "gateway-" + Integer.toHexString(System.identityHashCode(this)));
        return props;
    }

    /** The relay has drained by now (it stops at shutdown, before beans are destroyed): what is left gets a short grace. */
    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Producer<String, String> p = producer;
        if (p != null) {
            try {
                p.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the producer: %s", e);
            }
        }
    }
}
