package dev.estimator.chassis.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.estimator.chassis.lifecycle.Draining;
import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.retry.RetryPolicy;
import dev.estimator.chassis.retry.TransientFailures;
import dev.estimator.chassis.tracing.KafkaTracing;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The loop every pipeline stage runs for a batch of its input topic:
 * <ol>
 * <li>the stage's {@link Handler} turns the records into output records (outcomes, and dead letters for records
 * that are not events), storing its outcomes on the way; a database outage is waited out ({@link RetryPolicy});</li>
 * <li>the outputs and the batch's offsets are committed in one Kafka transaction ({@link TransactionalPublisher});
 * a broker outage is waited out too.</li>
 * </ol>
 * A failure that waiting cannot cure is isolated: the batch is run again one record at a time, in order, and only a
 * record that still fails on its own goes to {@code <topic>.dlq} (in the same transaction as its offset). Nothing
 * else is ever dead-lettered. The input channel needs {@code commit-strategy=ignore} and {@code batch=true}: offsets
 * are committed by the transaction, never by the connector.
 * <p>
 * Each input record gets a {@code process <topic>} span, child of the trace context in its headers, and every record
 * published for it carries that span's context ({@link StageTraces}): one trace follows a scenario through every stage.
 * The channel's own tracing ({@code tracing-enabled}) is turned off for stage inputs: it would only add a second span
 * per record, and cannot reach the records this stage publishes through its own producer.
 */
@ApplicationScoped
public class ExactlyOnceStage {

    private static final Logger LOG = Logger.getLogger(ExactlyOnceStage.class);

    /** Turns records of the input topic into records to publish. Called with a batch, or with one record to isolate a failure. */
    @FunctionalInterface
    public interface Handler {
        Uni<List<ProducerRecord<String, String>>> handle(List<ConsumerRecord<String, String>> records);
    }

    @Inject
    RetryPolicy retry;

    @Inject
    TransactionalPublisher publisher;

    @Inject
    Draining draining;

    @Inject
    KafkaTracing tracing;

    @Inject
    Config config;

    private final Map<String, String> consumerGroups = new ConcurrentHashMap<>();

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    public Uni<Void> process(KafkaRecordBatch<String, String> batch, Handler handler) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> metadata = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Not a Kafka batch"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>(metadata.count());
        metadata.getRecords().forEach(records::add);
        String channel = metadata.getChannel();
        int generation = metadata.getConsumerGroupGenerationId();
        String stage = application + "/" + channel;
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
        metadata.getOffsets().forEach((tp, last) -> offsets.put(tp, new OffsetAndMetadata(last.offset() + 1)));
        StageTraces traces = StageTraces.start(tracing, consumerGroup(channel), records);
        return draining.track(() -> retry.untilDone(stage, () -> traces.during(() -> handler.handle(records)))
                .map(traces::attribute)
                .chain(out -> publisher.publishAndCommit(stage, channel, generation, out, offsets))
                .onFailure(this::isolatable).recoverWithUni(failure -> {
                    LOG.warnf("%s: a batch of %d record(s) failed (%s); running its records one by one", stage, records.size(),
                            failure.toString());
                    traces.isolating(failure);
                    return Multi.createFrom().iterable(records)
                            .onItem().transformToUniAndConcatenate(r -> alone(stage, channel, generation, r, handler, traces))
                            .collect().last().replaceWithVoid();
                }))
                .onTermination().invoke((done, failure, cancelled) -> traces.end(failure))
                // Not committed: the next consumer of these partitions reads the records again.
                .onFailure(HandedBack.class).recoverWithItem(handedBack -> {
                    LOG.info(handedBack.getMessage());
                    return null;
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> alone(String stage, String channel, int generation, ConsumerRecord<String, String> record, Handler handler,
            StageTraces traces) {
        Map<TopicPartition, OffsetAndMetadata> offset = Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1));
        return retry.untilDone(stage, () -> traces.during(record, () -> handler.handle(List.of(record))))
                .map(traces::attribute)
                .chain(out -> publisher.publishAndCommit(stage, channel, generation, out, offset))
                .onFailure(this::isolatable).recoverWithUni(failure -> {
                    List<ProducerRecord<String, String>> dead = traces.during(record, () -> {
                        LOG.errorf(failure, "%s: dead-lettering %s-%d@%d: it fails on its own", stage, record.topic(),
                                record.partition(), record.offset());
                        return List.of(DeadLetters.of(record, application, String.valueOf(failure.getMessage()), failure));
                    });
                    return publisher.publishAndCommit(stage, channel, generation, traces.attribute(dead), offset);
                });
    }

    private String consumerGroup(String channel) {
        return consumerGroups.computeIfAbsent(channel, c -> config
                .getOptionalValue("mp.messaging.incoming." + c + ".group.id", String.class).orElse(application));
    }

    /**
     * A failure of the batch's content, not of a dependency, a hand-back or a stop (a stopping service sees its
     * clients close under it): worth finding the record at fault.
     */
    boolean isolatable(Throwable failure) {
        return !(failure instanceof HandedBack) && !TransientFailures.isTransient(failure) && !draining.isStopping();
    }
}
