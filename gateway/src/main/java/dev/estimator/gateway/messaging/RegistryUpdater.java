package dev.estimator.gateway.messaging;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.service.CompletionSignals;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the scenario registry current from {@code estimates} and {@code scenarios.rejected}, a batch at
 * a time: parse, dead-letter what does not parse, then one set-based UPDATE (one round trip, its own
 * transaction) that finishes the batch's rows still PENDING; the batch is acknowledged after the commit.
 * A scenario that already finished is left as it is, so redelivered events change nothing.
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
    @Channel("estimates-dlq")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<String> estimatesDlq;

    @Inject
    @Channel("rejections-dlq")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<String> rejectionsDlq;

    @Incoming("estimates-registry")
    public Uni<Void> onEstimates(KafkaRecordBatch<String, String> batch) {
        return process(batch, Scenario.Status.COMPLETED, estimatesDlq);
    }

    @Incoming("rejections-registry")
    public Uni<Void> onRejections(KafkaRecordBatch<String, String> batch) {
        return process(batch, Scenario.Status.REJECTED, rejectionsDlq);
    }

    private Uni<Void> process(KafkaRecordBatch<String, String> batch, Scenario.Status status, MutinyEmitter<String> dlq) {
        Map<String, Finished> byId = new LinkedHashMap<>();
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Finished parsed;
            try {
                parsed = parse(record.getPayload());
            } catch (IllegalArgumentException e) {
                deadLetters.add(deadLetter(dlq, record, e.getMessage()));
                continue;
            }
            // First event of a scenario wins within a batch, as it does across batches.
            byId.putIfAbsent(parsed.scenarioId(), parsed);
        }
        Uni<Void> dead = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
        return dead.chain(() -> finish(byId, status))
                .chain(finished -> {
                    signals.finished(finished);
                    return Uni.createFrom().completionStage(batch.ack());
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "Registry batch of %d record(s) failed", batch.getRecords().size());
                    return Uni.createFrom().completionStage(batch.nack(e));
                });
    }

    /**
     * One round trip per batch: a single UPDATE joined with the batch as arrays. The {@code status = 'PENDING'}
     * guard makes it idempotent (a redelivered or late event matches no row) and settles the race between the
     * estimates and rejections consumers: the loser waits on the row lock, re-checks the guard and skips the row.
     * Unknown ids (scenarios submitted elsewhere, a replayed topic) match nothing.
     */
    private Uni<List<String>> finish(Map<String, Finished> byId, Scenario.Status status) {
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = byId.size();
        String[] ids = new String[n];
        String[] results = new String[n];
        Double[] costs = new Double[n];
        String[] currencies = new String[n];
        Double[] days = new Double[n];
        Double[] gpuHours = new Double[n];
        int i = 0;
        for (Finished event : byId.values()) {
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
                })
                // The statement is idempotent, so retrying is safe: a dropped connection, or a deadlock with the other
                // consumer's UPDATE (both lock rows in plan order), which PostgreSQL resolves by aborting one of them.
                .onFailure().retry().atMost(3);
    }

    /** The version is bumped as Hibernate would, so an entity loaded before this update cannot overwrite it. */
    static final String FINISH = """
            UPDATE scenario s SET status = $1, finished_at = $2::timestamptz, result = u.result,
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

    private static Uni<Void> deadLetter(MutinyEmitter<String> dlq, KafkaRecord<String, String> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.getHeaders().toArray());
        headers.add("dead-letter-reason", reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.getTopic().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", String.valueOf(record.getPartition()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class).ifPresent(m -> headers
                .add("dead-letter-offset", String.valueOf(m.getOffset()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return dlq.sendMessage(Message.of(record.getPayload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.getKey()).withHeaders(headers).build()));
    }
}
