package dev.estimator.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The lifecycle code starts a real broker and a real PostgreSQL with per-service databases. */
class InfrastructureTest {

    @Test
    void kafkaBrokerCreatesPartitionedTopicsAndCarriesRecords() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(0)) {
            broker.createTopics(Topics.ALL, 4);
            broker.createTopics(Topics.ALL, 4); // idempotent
            Properties admin = new Properties();
            admin.put("bootstrap.servers", broker.bootstrapServers());
            try (Admin client = Admin.create(admin)) {
                Set<String> names = client.listTopics().names().get();
                assertTrue(names.containsAll(Topics.ALL), names.toString());
                assertEquals(4, client.describeTopics(List.of(Topics.ESTIMATES)).allTopicNames().get()
                        .get(Topics.ESTIMATES).partitions().size());
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.ESTIMATES, "s-1", "{\"x\":1}")).get();
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                    "group.id", "infra-test", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.ESTIMATES));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertEquals("s-1", records.iterator().next().key());
            }
        }
    }

    @Test
    void postgresCreatesOneDatabaseAndLoginPerServiceIdempotently() throws Exception {
        try (PostgresServer pg = PostgresServer.startEmbedded(0, null)) {
            DatabaseCoordinates catalog = pg.createDatabase("catalog", null);
            pg.createDatabase("catalog", null); // second call must not fail
            DatabaseCoordinates cost = pg.createDatabase("cost", null);
            try (Connection c = DriverManager.getConnection(catalog.jdbcUrl(), catalog.username(), catalog.password());
                    ResultSet rs = c.createStatement().executeQuery("select current_database(), current_user")) {
                rs.next();
                assertEquals("catalog", rs.getString(1));
                assertEquals("catalog", rs.getString(2));
            }
            assertEquals("postgresql://127.0.0.1:" + pg.port() + "/cost", cost.reactiveUrl());
        }
    }
}
