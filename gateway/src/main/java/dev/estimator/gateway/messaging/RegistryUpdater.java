package dev.estimator.gateway.messaging;

import java.time.Instant;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.estimator.gateway.domain.Scenario;
import dev.estimator.gateway.service.CompletionSignals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the scenario registry current from {@code estimates} and {@code scenarios.rejected}, a batch at
 * a time: parse, dead-letter what does not parse, then one transaction that loads the batch's rows and
 * finishes those still PENDING; the batch is acknowledged after the commit. A scenario that already
 * finished is left as it is, so redelivered events change nothing.
 */
@ApplicationScoped
public class RegistryUpdater {

    private static final Logger LOG = Logger.getLogger(RegistryUpdater.class);

    /** A parsed event: its scenario, the raw value (stored as received) and the metrics copied out for summaries. */
    record Finished(String scenarioId, String value, JsonNode event) {
    }

    @Inject
    ObjectMapper json;

    @Inject
    CompletionSignals signals;

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

    private Uni<List<String>> finish(Map<String, Finished> byId, Scenario.Status status) {
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Scenario.<Scenario>list("id in ?1", ids).map(rows -> {
            List<String> finished = new ArrayList<>();
            // Unknown ids: scenarios submitted elsewhere (another registry, a replayed topic): nothing to update.
            for (Scenario scenario : rows) {
                if (scenario.status == Scenario.Status.PENDING) {
                    Finished event = byId.get(scenario.id);
                    scenario.status = status;
                    scenario.result = event.value();
                    scenario.finishedAt = now;
                    if (status == Scenario.Status.COMPLETED) {
                        copyMetrics(event.event(), scenario);
                    }
                    finished.add(scenario.id);
                }
            }
            return finished;
        }))
                // Lost a race with the other channel on the same row (optimistic lock): re-read and skip it.
                .onFailure().retry().atMost(3);
    }

    /**
     * Sweep summaries compare training cost with wall-clock time, so the cost is the final training run
     * in the cloud ({@code cost.training.cloud}); when that is absent (own-cloud pricing), the ownership cost.
     */
    static void copyMetrics(JsonNode estimate, Scenario scenario) {
        JsonNode compute = estimate.path("compute");
        JsonNode cost = estimate.path("cost");
        scenario.wallClockDays = number(compute.path("wallClockDays"));
        scenario.gpuHours = number(compute.path("gpuHours"));
        Double cloud = number(cost.path("training").path("cloud"));
        Double ownership = number(cost.path("training").path("ownership"));
        scenario.costAmount = cloud != null && cloud > 0 ? cloud : ownership;
        scenario.currency = cost.path("currency").isTextual() ? cost.path("currency").asText() : null;
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : null;
    }

    Finished parse(String value) {
        JsonNode event;
        try {
            event = value == null ? null : json.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("value is not a JSON object");
        }
        JsonNode id = event.get("scenarioId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("event has no scenarioId");
        }
        return new Finished(id.asText(), value, event);
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
