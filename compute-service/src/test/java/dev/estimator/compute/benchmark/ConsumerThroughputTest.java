package dev.estimator.compute.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.estimator.compute.ResolvedScenarios;
import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Consumer throughput from a pre-filled topic (opt-in; see docs/benchmarks/compute-service.md):
 * the consumer channel starts paused, N resolved scenarios are produced, the channel is resumed, and
 * the clock stops when all N outcomes are on scenarios.computed (hence committed in PostgreSQL first).
 */
@Tag("throughput")
@QuarkusTest
@TestProfile(ConsumerThroughputTest.PausedConsumer.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "compute"))
class ConsumerThroughputTest {

    public static class PausedConsumer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.scenarios-resolved.pausable", "true",
                    "mp.messaging.incoming.scenarios-resolved.pausable.initially-paused", "true",
                    "quarkus.log.category.\"dev.estimator.compute.messaging\".level", "DEBUG",
                    "quarkus.log.category.\"dev.estimator.compute.messaging\".min-level", "DEBUG");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ChannelRegistry channels;

    @Inject
    Pool pool;

    @Test
    void measureScenariosPerSecond() throws Throwable {
        int n = Integer.getInteger("throughput.scenarios", 20_000);
        // A first, unmeasured round lets the JIT compile the pipeline (JSON, Hibernate, Kafka client).
        round(Math.max(1000, n / 4));
        consumers(true);
        double rate = round(n);
        String line = String.format("compute-service consumer: %d scenarios (after a warm-up round), %.0f scenarios/s, "
                + "persisted and acknowledged; load average during the run: %s%n", n, rate, loadAverage());
        System.out.print(line);
        Files.writeString(Path.of("target", "consumer-throughput.txt"), line);
    }

    /** Pre-fills the (paused) topic with n scenarios, resumes the consumer and returns scenarios/s until all are out. */
    double round(int n) throws Throwable {
        Set<String> ids = new HashSet<>();
        long before = storedOutcomes();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "linger.ms", "10", "batch.size", "262144"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                // Default profiles (no utilization): the full estimation path, memory and serving included.
                String value = i % 2 == 0 ? ResolvedScenarios.llama65b(id, 2048)
                        : ResolvedScenarios.gpt3(id, 0.2).replace("\"utilization\": 0.2", "\"utilization\": null");
                producer.send(new ProducerRecord<>("scenarios.resolved", id, value));
            }
            producer.flush();
        }
        long start = System.nanoTime();
        consumers(false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "throughput-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "max.poll.records", "5000",
                // Outcomes count once their batch's transaction committed, as a subscriber sees them.
                "isolation.level", "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("scenarios.computed"));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (ids.contains(r.key())) {
                        seen.add(r.key());
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = storedOutcomes();
        assertEquals(n, seen.size(), "every scenario computed and published");
        assertEquals(n, after - before, "every outcome persisted");
        System.out.printf("round of %d: %.2f s%n", n, seconds);
        return n / seconds;
    }

    long storedOutcomes() {
        return pool.query("SELECT count(*) FROM compute_estimate").execute().map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(30));
    }

    /** Pauses or resumes the channel, or each of its copies when it runs with concurrency (scenarios-resolved$1, ...). */
    void consumers(boolean pause) {
        int found = 0;
        for (int i = 0; i <= 16; i++) {
            var channel = channels.getPausable(i == 0 ? "scenarios-resolved" : "scenarios-resolved$" + i);
            if (channel != null) {
                found++;
                if (pause) {
                    channel.pause();
                } else {
                    channel.resume();
                }
            }
        }
        assertTrue(found > 0, "the consumer channel is pausable in this profile");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
