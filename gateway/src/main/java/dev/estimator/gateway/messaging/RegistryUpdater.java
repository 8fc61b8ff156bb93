package dev.estimator.gateway.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.chassis.lifecycle.Draining;
import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.retry.RetryPolicy;
import dev.estimator.chassis.retry.TransientFailures;
import dev.estimator.gateway.event.FinishedEvent;
import dev.estimator.gateway.repository.RegistryStore;
import dev.estimator.gateway.repository.Scenario;
import dev.estimator.gateway.service.CompletionSignals;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the scenario registry current from {@code estimates} and {@code scenarios.rejected}, a batch at a time: parse,
 * then one set-based UPDATE (one round trip, its own transaction) that finishes the batch's rows still PENDING; the
 * batch is acknowledged, and its offsets committed, only after that commit. Both channels read {@code read_committed},
 * so an aborted transaction of a stage never reaches the registry.
 * <ul>
 * <li>A database outage is waited out ({@link RetryPolicy}: backoff, the stage reported paused, readiness DOWN), never
 * dead-lettered.</li>
 * <li>Only a record that can never succeed goes to {@code <topic>.dlq}, alone, with the chassis' dead-letter headers:
 * one that is not an event with a scenario id, or one the database refuses for its content. The latter is found by
 * running a failed batch again one record at a time; the rest of the batch proceeds.</li>
 * <li>A scenario that already finished is left as it is, so redelivered events change nothing.</li>
 * </ul>
 */
@ApplicationScoped
public class RegistryUpdater {

    private static final Logger LOG = Logger.getLogger(RegistryUpdater.class);

    @Inject
    ObjectMapper json;

    @Inject
    CompletionSignals signals;

    @Inject
    RegistryStore store;

    @Inject
    RetryPolicy retry;

    @Inject
    GatewayProducer producer;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "gateway")
    String application;

    @Inject
    Draining draining;

    private final Clock clock = Clock.systemUTC();

    @Incoming("estimates-registry")
    public Uni<Void> onEstimates(KafkaRecordBatch<String, String> batch) {
        return process(batch, Scenario.Status.COMPLETED);
    }

    @Incoming("rejections-registry")
    public Uni<Void> onRejections(KafkaRecordBatch<String, String> batch) {
        return process(batch, Scenario.Status.REJECTED);
    }

    private Uni<Void> process(KafkaRecordBatch<String, String> batch, Scenario.Status status) {
        // A stopping service starts no batch and gives back one waiting out an outage: not acknowledged, so not
        // committed, and the next consumer of these partitions reads it again.
        return draining.track(() -> processing(batch, status))
                .onFailure(HandedBack.class).recoverWithItem(handedBack -> {
                    LOG.debugf("registry batch left for the next consumer (%s)", handedBack.getMessage());
                    return null;
                });
    }

    private Uni<Void> processing(KafkaRecordBatch<String, String> batch, Scenario.Status status) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordBatchMetadata<String, String> metadata = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("Not a Kafka batch"));
        String stage = application + "/" + metadata.getChannel();
        Map<String, FinishedEvent> byId = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, String>> sources = new HashMap<>();
        List<ProducerRecord<String, String>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : metadata.getRecords()) {
            FinishedEvent parsed;
            try {
                parsed = FinishedEvent.parse(json, record.value());
            } catch (IllegalArgumentException e) {
                deadLetters.add(DeadLetters.of(record, application, e.getMessage(), e));
                continue;
            }
            // First event of a scenario wins within a batch, as it does across batches.
            if (byId.putIfAbsent(parsed.scenarioId(), parsed) == null) {
                sources.put(parsed.scenarioId(), record);
            }
        }
        return retry.untilDone(stage, () -> store.finish(byId.values(), status, clock.instant()))
                .onFailure(this::isolatable).recoverWithUni(failure -> {
                    LOG.warnf("%s: a batch of %d event(s) failed (%s); finishing its scenarios one by one", stage, byId.size(),
                            failure.toString());
                    return oneByOne(stage, byId, sources, status, deadLetters);
                })
                .chain(finished -> {
                    signals.finished(finished);
                    return deadLetter(stage, deadLetters);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure(e -> !(e instanceof HandedBack)).recoverWithUni(e -> {
                    // Only a dead letter the broker refuses for good gets here: the batch stays uncommitted (the channel
                    // fails and its health check reports it) rather than losing that record.
                    LOG.errorf(e, "%s: batch of %d record(s) not acknowledged", stage, metadata.count());
                    return Uni.createFrom().completionStage(batch.nack(e));
                });
    }

    private Uni<List<String>> oneByOne(String stage, Map<String, FinishedEvent> byId, Map<String, ConsumerRecord<String, String>> sources,
            Scenario.Status status, List<ProducerRecord<String, String>> deadLetters) {
        List<String> finished = new ArrayList<>();
        return Multi.createFrom().iterable(List.copyOf(byId.values()))
                .onItem().transformToUniAndConcatenate(event -> retry.untilDone(stage, () -> store.finish(List.of(event), status, clock.instant()))
                        .onFailure(this::isolatable).recoverWithItem(failure -> {
                            ConsumerRecord<String, String> source = sources.get(event.scenarioId());
                            LOG.errorf("%s: dead-lettering %s-%d@%d: the registry refuses it (%s)", stage, source.topic(),
                                    source.partition(), source.offset(), failure.toString());
                            deadLetters.add(DeadLetters.of(source, application, String.valueOf(failure.getMessage()), failure));
                            return List.of();
                        })
                        .invoke(finished::addAll))
                .collect().last().replaceWith(finished);
    }

    /** Every dead letter acknowledged by the broker before the batch is; a broker outage is waited out like the database's. */
    private Uni<Void> deadLetter(String stage, List<ProducerRecord<String, String>> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(deadLetters)
                .onItem().transformToUniAndConcatenate(record -> retry.untilDone(stage,
                        () -> {
                            draining.checkNotStopping();
                            return producer.sendAsync(record);
                        }))
                .collect().last().replaceWithVoid();
    }

    /** A failure of the content, not of a dependency or a stop: worth finding the record at fault. */
    boolean isolatable(Throwable failure) {
        return !(failure instanceof HandedBack) && !TransientFailures.isTransient(failure) && !draining.isStopping();
    }
}
