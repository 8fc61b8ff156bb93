package dev.estimator.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault-injection controls do what the fault suite relies on: data survives a restart, a hang answers nothing. */
class FaultControlsTest {

    @TempDir
    Path dir;

    @Test
    void brokerKeepsItsDataAndPortAcrossKillAndStopAndAnswersNothingWhileHung() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(0, dir.resolve("kafka"), dir.resolve("kafka.log"),
                List.of("-Xmx256m"))) {
            String bootstrap = broker.bootstrapServers();
            KafkaBroker.createTopics(bootstrap, List.of("faults"), 1);
            produce(bootstrap, "before");

            long firstPid = broker.pid();
            broker.kill();
            assertFalse(broker.isRunning());
            broker.start();
            assertNotEquals(firstPid, broker.pid());
            assertEquals(bootstrap, broker.bootstrapServers());
            broker.restart();
            produce(bootstrap, "after");
            assertEquals(List.of("before", "after"), readAll(bootstrap));

            broker.pause();
            try {
                assertTrue(Signals.isStopped(broker.pid()));
                ExecutionException hung = assertThrows(ExecutionException.class, () -> produceWithin(bootstrap, "hung", 2_000));
                assertTrue(hung.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, hung.toString());
            } finally {
                broker.resume();
            }
            assertFalse(Signals.isStopped(broker.pid()));
            produce(bootstrap, "resumed");
            // Transactions need the transaction log on this single node.
            produceTransactionally(bootstrap, "in a transaction");
            assertEquals(List.of("before", "after", "resumed", "in a transaction"), readAll(bootstrap));
        }
        assertFalse(Files.exists(dir.resolve("kafka/broker.pid")));
    }

    @Test
    void postgresRestartsFastWithItsDataAndAnswersNothingWhileHung() throws Exception {
        try (PostgresServer pg = PostgresServer.startEmbedded(0, dir.resolve("pg"), dir.resolve("pg.log"))) {
            DatabaseCoordinates db = pg.createDatabase("faults", null);
            try (Connection c = connect(db); Statement st = c.createStatement()) {
                st.execute("create table t (v text)");
                st.execute("insert into t values ('before')");
            }
            long firstPid = pg.postmasterPid();
            pg.restart();
            assertNotEquals(firstPid, pg.postmasterPid());
            try (Connection c = connect(db); ResultSet rs = c.createStatement().executeQuery("select v from t")) {
                assertTrue(rs.next());
                assertEquals("before", rs.getString(1));
            }

            // A socket timeout, not a query timeout: cancelling a query needs a new connection to the hung server too.
            try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "?socketTimeout=2", db.username(), db.password())) {
                pg.pause();
                try {
                    assertTrue(Signals.isStopped(pg.postmasterPid()));
                    assertThrows(SQLException.class, () -> c.createStatement().executeQuery("select 1"));
                } finally {
                    pg.resume();
                }
            }
            try (Connection c = connect(db); ResultSet rs = c.createStatement().executeQuery("select count(*) from t")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    private static Connection connect(DatabaseCoordinates db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    private static void produce(String bootstrap, String value) throws Exception {
        produceWithin(bootstrap, value, 30_000);
    }

    private static void produceWithin(String bootstrap, String value, int timeoutMs) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "max.block.ms", timeoutMs, "delivery.timeout.ms", timeoutMs, "request.timeout.ms", timeoutMs / 2, "linger.ms", 0),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("faults", 0, "k", value)).get(timeoutMs + 5_000L, TimeUnit.MILLISECONDS);
        }
    }

    private static void produceTransactionally(String bootstrap, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "transactional.id", "fault-controls-test"), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("faults", 0, "k", value));
            producer.commitTransaction();
        }
    }

    private static List<String> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("faults", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
