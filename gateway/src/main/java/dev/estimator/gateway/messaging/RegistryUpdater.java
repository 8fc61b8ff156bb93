package dev.estimator.gateway.messaging;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.chassis.kafka.DeadLetters;
import dev.estimator.chassis.lifecycle.Draining;
import dev.estimator.chassis.lifecycle.HandedBack;
import dev.estimator.chassis.retry.RetryPolicy;
import dev.estimator.chassis.retry.TransientFailures;
import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.service.CompletionSignals;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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

    /** A parsed event: its scenario, the raw value (stored as received) and the metrics copied out for summaries. */
    record Finished(String scenarioId, String value, Metrics metrics) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    CompletionSignals signals;

    @Inject
    Pool pool;

    @Inject
    RetryPolicy retry;

    @Inject
    GatewayProducer producer;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "gateway")
    String application;

    @Inject
    Draining draining;

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
        Map<String, Finished> byId = new LinkedHashMap<>();
        Map<String, ConsumerRecord<String, String>> sources = new HashMap<>();
        List<ProducerRecord<String, String>> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : metadata.getRecords()) {
            Finished parsed;
            try {
                parsed = parse(record.value());
            } catch (IllegalArgumentException e) {
                deadLetters.add(DeadLetters.of(record, application, e.getMessage(), e));
                continue;
            }
            // First event of a scenario wins within a batch, as it does across batches.
            if (byId.putIfAbsent(parsed.scenarioId(), parsed) == null) {
                sources.put(parsed.scenarioId(), record);
            }
        }
        return retry.untilDone(stage, () -> finish(byId.values(), status))
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

    private Uni<List<String>> oneByOne(String stage, Map<String, Finished> byId, Map<String, ConsumerRecord<String, String>> sources,
            Scenario.Status status, List<ProducerRecord<String, String>> deadLetters) {
        List<String> finished = new ArrayList<>();
        return Multi.createFrom().iterable(List.copyOf(byId.values()))
                .onItem().transformToUniAndConcatenate(event -> retry.untilDone(stage, () -> finish(List.of(event), status))
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

    /**
     * One round trip per batch: a single UPDATE joined with the batch as arrays. The {@code status = 'PENDING'}
     * guard makes it idempotent (a redelivered or late event matches no row) and settles the race between the
     * estimates and rejections consumers: the loser waits on the row lock, re-checks the guard and skips the row.
     * Unknown ids (scenarios submitted elsewhere, a replayed topic) match nothing.
     */
    private Uni<List<String>> finish(Collection<Finished> events, Scenario.Status status) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] results = new String[n];
        Double[] costs = new Double[n];
        String[] currencies = new String[n];
        Double[] days = new Double[n];
        Double[] gpuHours = new Double[n];
        int i = 0;
        for (Finished event : events) {
            ids[i] = event.scenarioId();
            results[i] = event.value();
            if (status == Scenario.Status.COMPLETED) {
                Metrics m = event.metrics();
                costs[i] = m.costAmount();
                currencies[i] = m.currency();
                days[i] = m.wallClockDays();
                gpuHours[i] = m.gpuHours();
            }
            i++;
        }
        Tuple params = Tuple.tuple().addString(status.name())
                .addValue(OffsetDateTime.now(ZoneOffset.UTC))
                .addArrayOfString(ids).addArrayOfString(results).addArrayOfDouble(costs)
                .addArrayOfString(currencies).addArrayOfDouble(days).addArrayOfDouble(gpuHours);
        return pool.preparedQuery(FINISH).execute(params)
                .map(rows -> {
                    List<String> finished = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> finished.add(row.getString(0)));
                    return finished;
                });
    }

    /**
     * The version is bumped as Hibernate would, so an entity loaded before this update cannot overwrite it. A result
     * proves the submission reached the pipeline, so the row counts as published from then on, whatever the relay did.
     * The statement is idempotent, so the retry policy may run it again: after a dropped connection, or a deadlock with
     * the other consumer's UPDATE (both lock rows in plan order), which PostgreSQL resolves by aborting one of them.
     */
    static final String FINISH = """
            UPDATE scenario s SET status = $1, finished_at = $2::timestamptz, result = u.result,
                   published_at = coalesce(s.published_at, $2::timestamptz),
                   cost_amount = u.cost_amount, currency = u.currency, wall_clock_days = u.wall_clock_days,
                   gpu_hours = u.gpu_hours, version = s.version + 1
            FROM unnest($3::text[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::float8[])
                 AS u(id, result, cost_amount, currency, wall_clock_days, gpu_hours)
            WHERE s.id = u.id AND s.status = 'PENDING'
            RETURNING s.id""";

    /** What a sweep summary needs of an estimate, copied out so summaries never parse estimate JSON. */
    record Metrics(Double costAmount, String currency, Double wallClockDays, Double gpuHours) {
        static final Metrics NONE = new Metrics(null, null, null, null);
    }

    /**
     * Reads the scenario id and the summary metrics in one streaming pass, skipping everything else: building a
     * tree of every ~2 KB estimate (and a number object per value) was the registry's main cost during a sweep.
     * The pass still reads the value to its end, so malformed JSON anywhere in it is refused as before.
     * <p>
     * Sweep summaries compare training cost with wall-clock time, so the cost is the final training run in the
     * cloud ({@code cost.training.cloud}); when that is absent or zero (own-cloud pricing), the ownership cost. A
     * metric of another JSON type than a number is left out (null), as a missing one is.
     */
    Finished parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("value is not a JSON object");
        }
        String scenarioId = null;
        Double cloud = null;
        Double ownership = null;
        String currency = null;
        Double wallClockDays = null;
        Double gpuHours = null;
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("value is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("scenarioId".equals(field)) {
                    scenarioId = text(parser);
                } else if ("compute".equals(field) && token == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        if ("wallClockDays".equals(name)) {
                            wallClockDays = number(parser);
                        } else if ("gpuHours".equals(name)) {
                            gpuHours = number(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else if ("cost".equals(field) && token == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken inner = parser.nextToken();
                        if ("currency".equals(name)) {
                            currency = text(parser);
                        } else if ("training".equals(name) && inner == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String kind = parser.currentName();
                                parser.nextToken();
                                if ("cloud".equals(kind)) {
                                    cloud = number(parser);
                                } else if ("ownership".equals(kind)) {
                                    ownership = number(parser);
                                } else {
                                    parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("value is not JSON: unexpected " + parser.currentToken());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getMessage());
        }
        if (scenarioId == null || scenarioId.isBlank()) {
            throw new IllegalArgumentException("event has no scenarioId");
        }
        return new Finished(scenarioId, value,
                new Metrics(cloud != null && cloud > 0 ? cloud : ownership, currency, wallClockDays, gpuHours));
    }

    /** The current value if it is a string; anything else (an object or array included) is skipped as null. */
    private static String text(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static Double number(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        parser.skipChildren();
        return null;
    }
}
