package dev.estimator.stack;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node Apache Kafka broker in KRaft mode, running in this JVM from Maven Central
 * artifacts. Used by the services' tests (through {@code KafkaTestResource}) and by the local stack.
 */
public final class KafkaBroker implements AutoCloseable {

    // The broker logs ~1,300 INFO lines on start; keep references so the levels are not garbage collected.
    private static final Logger[] QUIET = {
            Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"), Logger.getLogger("state.change.logger") };

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;

    private KafkaBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        // "PLAINTEXT://localhost:9092" -> "localhost:9092": the form kcat and every client config take.
        this.bootstrapServers = broker.getAdvertisedListeners().replaceAll("[A-Z_]+://", "");
    }

    /**
     * Starts a broker.
     *
     * @param port the client port, or 0 for a free one
     */
    public static KafkaBroker start(int port) {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("auto.create.topics.enable", "true");
                    props.put("num.partitions", "4");
                    props.put("offsets.topic.num.partitions", "4");
                    // The pipeline stages commit in Kafka transactions: a single node must hold the transaction log.
                    props.put("transaction.state.log.replication.factor", "1");
                    props.put("transaction.state.log.min.isr", "1");
                    props.put("transaction.state.log.num.partitions", "4");
                });
        if (port > 0) {
            broker.withKafkaPort(port);
        }
        broker.start();
        return new KafkaBroker(broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics that do not exist yet; an existing topic is left as it is. */
    public void createTopics(Iterable<String> names, int partitions) {
        createTopics(bootstrapServers, names, partitions);
    }

    /** Same, against any broker (used when the local stack runs against an external Kafka). */
    public static void createTopics(String bootstrapServers, Iterable<String> names, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            java.util.List<NewTopic> topics = new java.util.ArrayList<>();
            names.forEach(name -> topics.add(new NewTopic(name, partitions, (short) 1)));
            Map<String, ?> results = admin.createTopics(topics).values();
            for (Map.Entry<String, ?> entry : results.entrySet()) {
                try {
                    ((org.apache.kafka.common.KafkaFuture<?>) entry.getValue()).get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }

    @Override
    public String toString() {
        return "Kafka(KRaft) at " + bootstrapServers;
    }
}
