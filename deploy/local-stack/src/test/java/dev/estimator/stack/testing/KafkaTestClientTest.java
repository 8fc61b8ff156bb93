package dev.estimator.stack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.estimator.stack.KafkaBroker;

/** The shorthands read what a subscriber sees (committed records only) and tell a caught-up group from a lagging one. */
class KafkaTestClientTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static KafkaBroker broker;
    static KafkaTestClient kafka;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(0);
        broker.createTopics(List.of("t.plain", "t.tx", "t.lag"), 2);
        kafka = new KafkaTestClient(broker.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        kafka.close();
        broker.close();
    }

    @Test
    void sendsAndReadsByKeyWithHeaders() {
        var sent = kafka.send("t.plain", "k1", "v1");
        kafka.send("t.plain", "k2", "v2");
        ConsumerRecord<String, String> record = kafka.awaitRecord("t.plain", "k1", WAIT);
        assertEquals("v1", record.value());
        assertEquals(sent.offset(), record.offset());
        assertEquals(null, KafkaTestClient.header(record, "absent"), "a missing header is null");
        assertEquals(1, kafka.readAll("t.plain", r -> "k2".equals(r.key()), Duration.ofSeconds(2)).size());
        assertThrows(AssertionError.class, () -> kafka.awaitRecords("t.plain", r -> "none".equals(r.key()), 1, Duration.ofSeconds(2)));
    }

    @Test
    void abortedTransactionsAreNotSeen() {
        var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                "transactional.id", "t-" + System.nanoTime()), new StringSerializer(), new StringSerializer());
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t.tx", "aborted", "x"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t.tx", "committed", "y"));
        producer.commitTransaction();
        producer.close();
        kafka.awaitRecord("t.tx", "committed", WAIT);
        assertEquals(List.of(), kafka.readAll("t.tx", r -> "aborted".equals(r.key()), Duration.ofSeconds(2)));
    }

    @Test
    void noLagOnlyOnceTheGroupCommittedEverything() {
        kafka.send("t.lag", "a", "1");
        kafka.send("t.lag", "b", "2");
        assertThrows(AssertionError.class, () -> kafka.awaitNoLag("g-lag", "t.lag", Duration.ofSeconds(1)), "nothing committed");
        kafka.companion().consumeStrings().withGroupId("g-lag").withOffsetReset(OffsetResetStrategy.EARLIEST)
                .withCommitSyncWhen(r -> true).fromTopics("t.lag", 2).awaitCompletion(WAIT);
        kafka.awaitNoLag("g-lag", "t.lag", WAIT);
    }
}
