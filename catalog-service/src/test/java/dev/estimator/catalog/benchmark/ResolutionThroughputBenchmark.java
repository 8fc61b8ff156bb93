package dev.estimator.catalog.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Consumer throughput, end to end through the real broker and PostgreSQL: a sweep of N scenarios is
 * put on scenarios.submitted at once and the clock stops when N outcomes (resolved or rejected) have
 * come out. Not part of the default build (tag "benchmark"); run it as described in the README.
 */
@Tag("benchmark")
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "catalog"))
class ResolutionThroughputBenchmark {

    static final int SCENARIOS = Integer.getInteger("benchmark.scenarios", 20_000);
    static final List<String> MODELS = List.of("llama-2-70b", "gpt-3-175b", "deepseek-v3", "clip-vit-l-14", "llava-1.5-13b");
    static final List<String> ACCELERATORS = List.of("nvidia-h100-sxm", "nvidia-a100-80gb", "nvidia-h800", "amd-mi300x",
            "google-tpu-v5p", "nvidia-h10");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 3_000);

    @Test
    void sweepThroughput() {
        // The first sweep pays for JIT compilation, the consumer group join and topic creation: measure the second.
        run(WARM_UP, "warm-up");
        run(SCENARIOS, "measured");
    }

    void run(int scenarios, String label) {
        String sweep = UUID.randomUUID().toString();
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + sweep);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaConsumer<String, String> outcomes = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            // From the earliest offset, filtered by this sweep's key prefix: the output topics may not exist yet.
            outcomes.subscribe(List.of("scenarios.resolved", "scenarios.rejected"));

            long start = System.nanoTime();
            for (int i = 0; i < scenarios; i++) {
                String id = sweep + "-" + i;
                // One accelerator slug in six is a typo: rejections are part of a real sweep's load.
                String value = """
                        {"scenarioId": "%s", "sweepId": "%s", "submittedAt": "2026-11-28T10:00:00Z", "name": "bench",
                         "model": {"ref": "%s"}, "training": {"tokens": 1.0e12},
                         "hardware": {"accelerator": "%s", "count": 1024}}
                        """.formatted(id, sweep, MODELS.get(i % MODELS.size()), ACCELERATORS.get(i % ACCELERATORS.size()));
                producer.send(new ProducerRecord<>("scenarios.submitted", id, value));
            }
            producer.flush();
            long sent = System.nanoTime();

            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen.size() < scenarios && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : outcomes.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(sweep)) {
                        seen.add(r.key());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("BENCHMARK catalog-service (%s): %d scenarios in %.2f s (produced in %.2f s) = %.0f scenarios/s%n",
                    label, seen.size(), seconds, (sent - start) / 1e9, seen.size() / seconds);
            assertEquals(scenarios, seen.size(), "every scenario produced exactly one outcome");
        }
    }
}
