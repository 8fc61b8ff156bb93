package dev.estimator.cost.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.estimator.stack.quarkus.KafkaTestResource;
import dev.estimator.stack.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.inject.Inject;

/**
 * Opt-in throughput benchmark (not in the default run):
 * {@code ./mvnw -o -pl cost-service verify -Dbenchmark=true -Dtest=ConsumerThroughputBenchmark [-Dbenchmark.count=20000]}.
 * Pauses the consumer, pre-fills {@code scenarios.computed} with N complete scenarios (serving, programme,
 * ownership, 1,000-sample Monte Carlo each), resumes, and times until all N estimates are on
 * {@code estimates} as a read_committed subscriber sees them (each stored first, then published in its batch's
 * Kafka transaction).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "cost"))
class ConsumerThroughputBenchmark {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ChannelRegistry channels;

    static String scenario(String id, int i) {
        double gpuHours = 1.0e5 + 37.0 * i;
        return """
                {"scenarioId": "%s", "sweepId": "bench", "name": "bench %d",
                 "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024, "tdpWatts": 700},
                 "pricing": {"provider": "%s", "model": "on-demand", "currency": "%s"},
                 "serving": {"tokensPerDay": 1.0e9, "months": 12},
                 "programme": {"experimentMultiplier": 1.0, "dataCost": 100000, "staffCost": 1000000},
                 "compute": {"trainingFlops": 1.0e23, "pfDays": 1157, "utilization": 0.4, "gpuHours": %s,
                             "gpuHoursRange": {"p10": %s, "p90": %s}, "gpuCount": 1024, "wallClockDays": 4.1,
                             "energyMwh": 77, "co2Tonnes": 30, "serving": {"accelerators": 8}}}
                """.formatted(id, i, i % 2 == 0 ? "aws" : "lambda", i % 3 == 0 ? "CNY" : "USD", gpuHours, gpuHours * 0.8,
                gpuHours * 1.3);
    }

    @Test
    void pricesAPrefilledTopic() throws Exception {
        int count = Integer.getInteger("benchmark.count", 20_000);
        PausableChannel consumer = channels.getPausable("scenarios-computed");
        consumer.pause();
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "linger.ms", "10", "batch.size", "262144"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                producer.send(new ProducerRecord<>("scenarios.computed", id, scenario(id, i)));
            }
            producer.flush();
        }

        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "latest", "enable.auto.commit", "false",
                "max.poll.records", "5000",
                // Estimates count once their batch's transaction committed, as a subscriber sees them.
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            reader.subscribe(List.of("estimates"));
            while (reader.assignment().isEmpty()) {
                reader.poll(Duration.ofMillis(100));
            }
            reader.seekToEnd(reader.assignment());
            reader.assignment().forEach(reader::position);

            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            consumer.resume();
            Set<String> seen = new HashSet<>();
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                    if (ids.contains(r.key())) {
                        seen.add(r.key());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // CPU of this JVM (service, in-process broker, this reader; not PostgreSQL): a figure that a machine
            // shared with other jobs distorts less than wall-clock time.
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            String report = String.format("cost-service consumer: %d scenarios priced (1,000 Monte Carlo samples each),"
                    + " stored and published in %.2f s = %.0f scenarios/s; JVM CPU %.1f s = %.0f scenarios per CPU-second;"
                    + " load average %.1f on %d cores%n", seen.size(), seconds, seen.size() / seconds, cpuSeconds,
                    seen.size() / cpuSeconds, os.getSystemLoadAverage(), os.getAvailableProcessors());
            System.out.print(report);
            Files.writeString(Path.of("target", "benchmark-consumer.txt"), report);
            assertEquals(count, seen.size(), "every scenario was priced");
        }
    }
}
