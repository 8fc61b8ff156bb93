package dev.estimator.chassis.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * How a service's own Kafka producers are configured (the stages' transactional one, the gateway's): the cluster
 * settings Quarkus gathers under {@code kafka.*} (bootstrap servers, security), then the caller's tuned defaults, then
 * every {@code <prefix><name>} property, and last what must never be overridden: acks=all and idempotence.
 */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** The cluster settings without (de)serializers: the callers pass their own, and consumers share them. */
    public static Map<String, Object> cluster(Map<String, Object> kafkaDefaults) {
        Map<String, Object> props = new HashMap<>(kafkaDefaults);
        for (String key : new String[] { ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG }) {
            props.remove(key);
        }
        return props;
    }

    public static Map<String, Object> producer(Map<String, Object> kafkaDefaults, Map<String, String> tuned, Config config,
            String prefix) {
        Map<String, Object> props = cluster(kafkaDefaults);
        props.putAll(tuned);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring(prefix.length()), v));
            }
        }
        // A record counts as published only once every in-sync replica has it, and a retried send must not write it twice.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /**
     * Refuses a topic outside {@code estimator.kafka.output-topics}, the service's declared contract (the Kubernetes ACLs
     * are checked against it, deploy/k8s); dead letters ({@code <input>.dlq}) are allowed when {@code dlqAllowed}.
     */
    public static void checkDeclared(Optional<List<String>> outputTopics, String topic, boolean dlqAllowed) {
        if (dlqAllowed && topic.endsWith(DeadLetters.SUFFIX)) {
            return;
        }
        if (outputTopics.isPresent() && !outputTopics.get().contains(topic)) {
            throw new IllegalStateException("Topic " + topic + " is not among estimator.kafka.output-topics " + outputTopics.get());
        }
    }
}
