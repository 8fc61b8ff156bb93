package dev.estimator.e2e.fuzz;

import static dev.estimator.e2e.fuzz.JsonMutations.pick;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.estimator.e2e.fuzz.JsonMutations.Doc;
import dev.estimator.e2e.fuzz.JsonMutations.Slot;
import dev.estimator.stack.Topics;

/**
 * Fuzzed records produced straight onto the five topics a service consumes: {@code scenarios.submitted}
 * (catalog-service), {@code scenarios.resolved} (compute-service), {@code scenarios.computed} (cost-service),
 * {@code estimates} and {@code scenarios.rejected} (the gateway's registry). Each record gets a fresh scenario id and is
 * one of: a real event of the topic (captured from a scenario that just went through the stack) left valid or given bad
 * values of the right type, wrong types, another topic's event, NaN tokens, a missing or mismatched key, no or garbage
 * headers, non-UTF-8 bytes; or not an event at all (garbage bytes, empty, a tombstone, truncated JSON, a JSON scalar or
 * array, deep nesting, no scenario id or one of the wrong type).
 * <p>
 * The oracle (docs/events.md, "Dead letters"), read with {@code read_committed} from the offsets before the first record:
 * <ul>
 * <li>a record that is not the topic's event reaches {@code <topic>.dlq} exactly once (matched by the
 * {@code dead-letter-topic/-partition/-offset} headers) and has no other outcome;</li>
 * <li>a well-formed event of a stage's topic with bad values reaches {@code scenarios.rejected} (or, if its values pass,
 * {@code estimates}) exactly once and no dead-letter topic;</li>
 * <li>the ambiguous ones (wrong types, another topic's event, no key or headers) have exactly one of the two;</li>
 * <li>a well-formed record on the gateway's topics (unknown scenario id) changes nothing and is not dead-lettered;</li>
 * <li>no other record lands on any {@code .dlq} topic.</li>
 * </ul>
 * Outcomes are awaited until every consumer group of a fuzzed topic has committed past the fuzzed records and every
 * record that must reach an outcome has one (or nothing moved for {@code settle}), then for a quiet window.
 */
final class KafkaFuzzer implements AutoCloseable {

    static final List<String> INPUTS = List.of(Topics.SUBMITTED, Topics.RESOLVED, Topics.COMPUTED, Topics.ESTIMATES, Topics.REJECTED);
    static final List<String> STAGE_INPUTS = List.of(Topics.SUBMITTED, Topics.RESOLVED, Topics.COMPUTED);
    static final List<String> DLQS = INPUTS.stream().map(t -> t + ".dlq").toList();

    enum Expect {
        /** Not the topic's event: dead-lettered once, nothing else. */
        DLQ,
        /** A well-formed event of a stage's topic: rejected or estimated once, never dead-lettered. */
        TERMINAL,
        /** Ambiguous: exactly one of the two. */
        DLQ_OR_TERMINAL,
        /** A well-formed event on the gateway's topics: nothing (unknown id), never dead-lettered. */
        NOTHING,
        /** Ambiguous on the gateway's topics: at most one dead letter. */
        DLQ_OR_NOTHING
    }

    /** A real event of a topic, to mutate. */
    record Template(String topic, String json, List<Header> headers) {
    }

    /** A produced record, what it was, what must happen to it, and where it landed. */
    static final class Fuzzed {
        final String caseId;
        final String topic;
        final String kind;
        final Expect expect;
        final byte[] key;
        final byte[] value;
        final List<Header> headers;
        final Set<String> ids;
        final String description;
        int partition = -1;
        long offset = -1;

        Fuzzed(String caseId, String topic, String kind, Expect expect, byte[] key, byte[] value, List<Header> headers, Set<String> ids,
                String description) {
            this.caseId = caseId;
            this.topic = topic;
            this.kind = kind;
            this.expect = expect;
            this.key = key;
            this.value = value;
            this.headers = headers;
            this.ids = ids;
            this.description = description;
        }

        String describe() {
            return topic + " key " + HttpCase.printable(key, 40) + ", " + description + ", value " + HttpCase.printable(value, 200)
                    + (headers.isEmpty() ? ", no headers" : ", headers " + headers.stream().map(Header::key).collect(Collectors.joining(",")))
                    + (partition >= 0 ? " (partition " + partition + ", offset " + offset + ")" : "");
        }
    }

    /** A record read back: a dead letter (with what it points at) or an outcome on scenarios.rejected / estimates. */
    record Seen(String topic, int partition, long offset, String key, Set<String> ids, String dlTopic, int dlPartition, long dlOffset,
            String reason) {
    }

    private final String bootstrapServers;
    private final Findings findings;
    private final FuzzSettings settings;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Admin admin;

    KafkaFuzzer(String bootstrapServers, Findings findings, FuzzSettings settings) {
        this.bootstrapServers = bootstrapServers;
        this.findings = findings;
        this.settings = settings;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 10_000, "default.api.timeout.ms", 30_000));
    }

    /**
     * Reads the events of a scenario that completed ({@code completedId}: submitted, resolved, computed, estimates) and
     * of one that was rejected ({@code rejectedId}: scenarios.rejected), to mutate.
     */
    void captureTemplates(String completedId, String rejectedId) {
        Map<String, String> wanted = Map.of(Topics.SUBMITTED, completedId, Topics.RESOLVED, completedId, Topics.COMPUTED, completedId,
                Topics.ESTIMATES, completedId, Topics.REJECTED, rejectedId);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(INPUTS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (templates.size() < INPUTS.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    if (key != null && key.equals(wanted.get(r.topic())) && !templates.containsKey(r.topic()) && r.value() != null) {
                        templates.put(r.topic(), new Template(r.topic(), new String(r.value(), StandardCharsets.UTF_8), List.of(r.headers().toArray())));
                    }
                }
            }
        }
        if (templates.size() < INPUTS.size()) {
            throw new IllegalStateException("No template event on " + INPUTS.stream().filter(t -> !templates.containsKey(t)).toList()
                    + " for scenarios " + completedId + " / " + rejectedId);
        }
    }

    Fuzzed generate(int n) {
        Random random = settings.random("kafka", n);
        String topic = pick(random, INPUTS);
        boolean stage = STAGE_INPUTS.contains(topic);
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        Template template = templates.get(topic);
        Doc doc = Doc.parse(template.json(), random);
        ((ObjectNode) doc.root).put("scenarioId", id);
        List<Header> headers = headers(template, id);
        byte[] key = HttpCase.utf8(id);
        Set<String> ids = new LinkedHashSet<>(List.of(id));
        String caseId = "kafka#" + n;
        int roll = random.nextInt(100);
        if (roll < 8) {
            return new Fuzzed(caseId, topic, "valid", stage ? Expect.TERMINAL : Expect.NOTHING, key, doc.bytes(), headers, ids, "valid event");
        }
        if (roll < 16) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            if (garbage[0] == '{' || garbage[0] == '[') {
                garbage[0] = (byte) 0xff;
            }
            return new Fuzzed(caseId, topic, "garbage-bytes", Expect.DLQ, key, garbage, headers, ids, "random bytes");
        }
        if (roll < 20) {
            return new Fuzzed(caseId, topic, "empty-value", Expect.DLQ, key, new byte[0], headers, ids, "empty value");
        }
        if (roll < 24) {
            return new Fuzzed(caseId, topic, "tombstone", Expect.DLQ, key, null, headers, ids, "null value (tombstone)");
        }
        if (roll < 32) {
            byte[] full = doc.bytes();
            int at = 1 + random.nextInt(full.length - 2);
            return new Fuzzed(caseId, topic, "truncated-json", Expect.DLQ, key, java.util.Arrays.copyOf(full, at), headers, ids,
                    "event cut at byte " + at + " of " + full.length);
        }
        if (roll < 38) {
            String scalar = pick(random, "42", "\"" + id + "\"", "[" + doc.text() + "]", "true", "null", "[]", "1e400", "\"\"");
            return new Fuzzed(caseId, topic, "not-an-object", Expect.DLQ, key, HttpCase.utf8(scalar), headers, ids, "JSON that is not an object");
        }
        if (roll < 46) {
            ((ObjectNode) doc.root).remove("scenarioId");
            return new Fuzzed(caseId, topic, "no-scenario-id", Expect.DLQ, key, doc.bytes(), headers, ids, "event without scenarioId");
        }
        if (roll < 52) {
            JsonNode wrong = pick(random, JsonMutations.JSON.createObjectNode().put("id", id), JsonMutations.JSON.createArrayNode().add(id),
                    JsonMutations.JSON.getNodeFactory().nullNode());
            ((ObjectNode) doc.root).set("scenarioId", wrong);
            return new Fuzzed(caseId, topic, "scenario-id-not-a-string", Expect.DLQ, key, doc.bytes(), headers, ids, "scenarioId = " + wrong);
        }
        if (roll < 56) {
            int depth = pick(random, 2_000, 20_000);
            Slot slot = JsonMutations.slot(random, doc.root, v -> !v.isContainerNode());
            slot.set(doc.rawToken(JsonMutations.nesting(random, depth)));
            return new Fuzzed(caseId, topic, "deep-nesting", Expect.DLQ, key, doc.bytes(), headers, ids, slot.path() + " nested " + depth + " deep");
        }
        Expect ambiguous = stage ? Expect.DLQ_OR_TERMINAL : Expect.DLQ_OR_NOTHING;
        if (roll < 61) {
            Slot slot = JsonMutations.slot(random, doc.root, v -> v.isNumber());
            String token = pick(random, "NaN", "Infinity", "-Infinity");
            slot.set(doc.rawToken(token));
            return new Fuzzed(caseId, topic, "non-finite-token", ambiguous, key, doc.bytes(), headers, ids, slot.path() + " = " + token);
        }
        if (roll < 68) {
            String other = pick(random, INPUTS.stream().filter(t -> !t.equals(topic)).toList());
            Doc shape = Doc.parse(templates.get(other).json(), random);
            ((ObjectNode) shape.root).put("scenarioId", id);
            return new Fuzzed(caseId, topic, "wrong-shape", ambiguous, key, shape.bytes(), headers, ids, "the event of " + other);
        }
        if (roll < 77) {
            List<String> changed = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(2); i++) {
                Slot slot = JsonMutations.slot(random, doc.root, v -> v.isValueNode());
                if (slot.path().equals("scenarioId")) {
                    continue;
                }
                JsonNode value = JsonMutations.otherType(random, slot.value());
                slot.set(value);
                changed.add(slot.path() + " = " + value);
            }
            return new Fuzzed(caseId, topic, "wrong-types", ambiguous, key, doc.bytes(), headers, ids, "wrong types: " + changed);
        }
        if (roll < 89) {
            List<String> changed = badValues(random, doc);
            return new Fuzzed(caseId, topic, "bad-values", stage ? Expect.TERMINAL : Expect.DLQ_OR_NOTHING, key, doc.bytes(), headers, ids,
                    "bad values: " + changed);
        }
        if (roll < 92) {
            return new Fuzzed(caseId, topic, "no-key", ambiguous, null, doc.bytes(), headers, ids, "valid event, null key");
        }
        if (roll < 94) {
            String other = new UUID(random.nextLong(), random.nextLong()).toString();
            ids.add(other);
            return new Fuzzed(caseId, topic, "key-mismatch", ambiguous, HttpCase.utf8(other), doc.bytes(), headers, ids,
                    "valid event, key " + other + " is not its scenarioId");
        }
        if (roll < 96) {
            return new Fuzzed(caseId, topic, "no-headers", ambiguous, key, doc.bytes(), List.of(), ids, "valid event, no headers");
        }
        if (roll < 98) {
            List<Header> bad = new ArrayList<>();
            String what = pick(random, "bytes", "huge", "duplicate", "version");
            for (Header h : headers) {
                switch (what) {
                    case "bytes" -> bad.add(new RecordHeader(h.key(), new byte[] { (byte) 0xff, 0, (byte) 0xfe }));
                    case "huge" -> bad.add(new RecordHeader(h.key(), HttpCase.ascii("h".repeat(50_000))));
                    case "duplicate" -> {
                        bad.add(h);
                        bad.add(new RecordHeader(h.key(), HttpCase.ascii("other")));
                    }
                    default -> bad.add(h.key().equals("ce_specversion") ? new RecordHeader(h.key(), HttpCase.ascii("9.9"))
                            : h.key().equals("content-type") ? new RecordHeader(h.key(), HttpCase.ascii("text/plain")) : h);
                }
            }
            return new Fuzzed(caseId, topic, "bad-headers", ambiguous, key, doc.bytes(), bad, ids, "valid event, headers: " + what);
        }
        byte[] bad = pick(random, JsonMutations.BAD_UTF8);
        return new Fuzzed(caseId, topic, "non-utf8-in-string", ambiguous, key, JsonMutations.insertInString(random, doc.bytes(), bad), headers, ids,
                "valid event with " + HttpCase.printable(bad, 20) + " inside a string");
    }

    /** One to three values of the right type but out of range: numbers negative, zero, huge or fractional; names unknown or odd. */
    private static List<String> badValues(Random random, Doc doc) {
        List<String> changed = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            List<Slot> candidates = JsonMutations.slots(doc.root).stream()
                    .filter(s -> (s.value().isNumber() || s.value().isTextual()) && !s.path().equals("scenarioId") && !s.path().endsWith("At")
                            && !s.path().endsWith("Id") && !s.path().endsWith("validFrom") && !s.path().endsWith("asOf"))
                    .toList();
            if (candidates.isEmpty()) {
                break;
            }
            Slot slot = pick(random, candidates);
            if (slot.value().isNumber()) {
                String v = pick(random, "-1", "0", "1e300", "-1e300", "1e-300", "0.5", "1e17", "123456789.123", "-0.0");
                slot.set(doc.rawToken(v));
                changed.add(slot.path() + " = " + v);
            } else {
                String v = pick(random, "", "unknown-" + Long.toHexString(random.nextLong()), "x".repeat(10_000), "\u0000", "ü", "NaN", " ",
                        "fp12", "USDX");
                slot.set(TextNode.valueOf(v));
                changed.add(slot.path() + " = " + HttpCase.printable(HttpCase.utf8(v), 20));
            }
        }
        return changed;
    }

    /** The template's headers for scenario {@code id}: ce_id and ce_subject follow the id, the rest stays. */
    private static List<Header> headers(Template template, String id) {
        List<Header> headers = new ArrayList<>();
        for (Header h : template.headers()) {
            if (h.key().startsWith("dead-letter-")) {
                continue;
            }
            String value = new String(h.value(), StandardCharsets.UTF_8);
            if (h.key().equals("ce_id")) {
                value = id + value.substring(Math.max(0, value.indexOf(':')));
            } else if (h.key().equals("ce_subject")) {
                value = id;
            }
            headers.add(new RecordHeader(h.key(), HttpCase.utf8(value)));
        }
        return headers;
    }

    /** Produces cases 0..count-1, waits for their outcomes and applies the oracle. Returns the records produced. */
    List<Fuzzed> run(String part, int count) {
        Map<TopicPartition, Long> from = endOffsets(concat(INPUTS, DLQS));
        findings.add("kafka.dlqBefore", countRecords(DLQS));
        List<Fuzzed> records = new ArrayList<>();
        // -Dfuzz.kafka.skip=bad-headers,...: leave those kinds out (the other cases keep their numbers), e.g. to see what a
        // record that stops a consumer hides.
        Set<String> skip = Set.of(System.getProperty("fuzz.kafka.skip", "").split(","));
        for (int n = 0; n < count; n++) {
            if (settings.runs(part, n)) {
                Fuzzed f = generate(n);
                if (skip.contains(f.kind)) {
                    findings.add("kafka.skipped", 1);
                } else {
                    records.add(f);
                }
            }
        }
        if (findings.get("kafka.skipped") > 0) {
            findings.note("kafka.skipped", findings.get("kafka.skipped") + " records of the kinds " + skip + " not produced (fuzz.kafka.skip)");
        }
        produce(records);
        records.forEach(f -> {
            findings.add(part + ".cases", 1);
            findings.add("kafka.cases." + f.topic, 1);
            findings.add("kafka.expect." + f.expect, 1);
        });
        Map<String, Object> seen = await(part, records, from);
        @SuppressWarnings("unchecked")
        List<Seen> dead = (List<Seen>) seen.get("dlq");
        @SuppressWarnings("unchecked")
        Map<String, List<Seen>> outcomes = (Map<String, List<Seen>>) seen.get("outcomes");
        judge(part, records, dead, outcomes);
        findings.add("kafka.dlqAfter", countRecords(DLQS));
        return records;
    }

    private void produce(List<Fuzzed> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "max.request.size", 4 << 20, "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Fuzzed f : records) {
                sent.add(producer.send(new ProducerRecord<>(f.topic, null, f.key, f.value, f.headers)));
            }
            producer.flush();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata m = sent.get(i).get(60, TimeUnit.SECONDS);
                records.get(i).partition = m.partition();
                records.get(i).offset = m.offset();
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot produce the fuzzed records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the dead-letter topics, scenarios.rejected and estimates (read_committed) from {@code from} until every
     * consumer group of a fuzzed topic has committed past its fuzzed records and every record that needs an outcome has
     * one, or nothing moved for {@code settle}; then for a quiet window, to catch late and duplicate dead letters.
     */
    private Map<String, Object> await(String part, List<Fuzzed> records, Map<TopicPartition, Long> from) {
        Set<String> mine = records.stream().map(f -> f.topic + "/" + f.partition + "/" + f.offset).collect(Collectors.toSet());
        List<Seen> dead = new ArrayList<>();
        Map<String, List<Seen>> outcomes = new HashMap<>();
        long start = System.nanoTime();
        long lastChange = start;
        long quietUntil = -1;
        String lastState = "";
        List<String> watched = concat(DLQS, List.of(Topics.REJECTED, Topics.ESTIMATES));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(watched);
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp, 0L));
            }
            while (true) {
                int read = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    Seen s = seen(r);
                    if (r.topic().endsWith(".dlq")) {
                        dead.add(s);
                    } else if (!mine.contains(r.topic() + "/" + r.partition() + "/" + r.offset())) {
                        s.ids().forEach(id -> outcomes.computeIfAbsent(id, k -> new ArrayList<>()).add(s));
                    }
                }
                List<Behind> behind = behind(records);
                long waitingGroups = behind == null ? Long.MAX_VALUE : behind.size();
                Set<String> deadIds = dead.stream().flatMap(d -> d.ids().stream()).collect(Collectors.toSet());
                // A record dead-lettered further down the pipeline has its (wrong) outcome too: nothing more will come.
                long waitingOutcomes = records.stream().filter(f -> needsOutcome(f) && !hasOutcome(f, dead, outcomes)
                        && f.ids.stream().noneMatch(deadIds::contains)).count();
                String state = read + "/" + waitingGroups + "/" + waitingOutcomes + "/" + dead.size();
                if (read > 0 || !state.equals(lastState)) {
                    lastChange = System.nanoTime();
                    lastState = state;
                }
                boolean settled = waitingGroups == 0 && waitingOutcomes == 0;
                if (settled && quietUntil < 0) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(settings.profile().equals("full") ? 10 : 3).toNanos();
                }
                if (settled && System.nanoTime() > quietUntil) {
                    findings.max(part + ".secondsToSettle", (System.nanoTime() - start) / 1_000_000_000);
                    break;
                }
                if (!settled && (System.nanoTime() - lastChange > settings.settle().toNanos() || System.nanoTime() - start > settings.timeout().toNanos())) {
                    findings.note(part + ".gaveUp", String.format("gave up waiting after %d s: %d consumer group partitions behind the fuzzed records, "
                            + "%d records without an outcome", (System.nanoTime() - start) / 1_000_000_000, waitingGroups, waitingOutcomes));
                    for (Behind b : behind == null ? List.<Behind>of() : behind) {
                        // A consumer that stopped short of the fuzzed records: one of them (a batch starts at the committed offset) stopped it.
                        Fuzzed first = b.from().isEmpty() ? null : b.from().get(0);
                        int count = findings.fail(part, "consumer group stopped short of the fuzzed records", b.partition().topic(), "group " + b.group(),
                                first == null ? "-" : first.kind, new Findings.Example(first == null ? "-" : first.caseId, b.describe(),
                                        "no commit past offset " + b.committed() + " for " + settings.settle().toSeconds() + " s"));
                        if (count == 1) {
                            System.out.printf("FUZZ consumer stopped: seed %d: %s%n", settings.seed(), b.describe());
                        }
                    }
                    break;
                }
            }
        }
        return Map.of("dlq", dead, "outcomes", outcomes);
    }

    private static boolean needsOutcome(Fuzzed f) {
        return f.expect == Expect.DLQ || f.expect == Expect.TERMINAL || f.expect == Expect.DLQ_OR_TERMINAL;
    }

    private static boolean hasOutcome(Fuzzed f, List<Seen> dead, Map<String, List<Seen>> outcomes) {
        return dead.stream().anyMatch(d -> points(d, f)) || (f.expect != Expect.DLQ && f.ids.stream().anyMatch(outcomes::containsKey));
    }

    private static boolean points(Seen dlq, Fuzzed f) {
        return f.topic.equals(dlq.dlTopic()) && f.partition == dlq.dlPartition() && f.offset == dlq.dlOffset();
    }

    /** The oracle, record by record, then every dead letter no fuzzed record accounts for. */
    private void judge(String part, List<Fuzzed> records, List<Seen> dead, Map<String, List<Seen>> outcomes) {
        Set<Seen> accounted = new HashSet<>();
        Set<Seen> explained = new HashSet<>();
        for (Fuzzed f : records) {
            List<Seen> letters = dead.stream().filter(d -> points(d, f)).toList();
            Set<Seen> results = new LinkedHashSet<>();
            f.ids.forEach(id -> results.addAll(outcomes.getOrDefault(id, List.of())));
            int dlq = letters.size();
            int terminal = results.size();
            String got = (dlq == 0 ? "" : dlq + " dead letter(s) (" + letters.get(0).reason() + ")")
                    + (terminal == 0 ? "" : (dlq == 0 ? "" : " and ") + terminal + " outcome(s) on "
                            + results.stream().map(Seen::topic).distinct().collect(Collectors.joining(",")));
            if (got.isEmpty()) {
                got = "nothing";
            }
            String violation = switch (f.expect) {
                case DLQ -> dlq == 1 && terminal == 0 ? null : dlq == 0 ? (terminal == 0 ? "not dead-lettered (vanished)" : "processed instead of dead-lettered")
                        : dlq > 1 ? "dead-lettered more than once" : "dead-lettered and also processed";
                case TERMINAL -> dlq == 0 && terminal == 1 ? null : dlq > 0 ? "dead-lettered instead of rejected or estimated"
                        : terminal == 0 ? "no outcome (neither rejected nor estimated)" : "more than one outcome";
                case DLQ_OR_TERMINAL -> (dlq == 1) != (terminal == 1) && dlq <= 1 && terminal <= 1 ? null
                        : dlq == 0 && terminal == 0 ? "neither dead-lettered nor processed" : dlq > 0 && terminal > 0 ? "dead-lettered and also processed"
                                : "more than one dead letter or outcome";
                case NOTHING -> dlq == 0 ? null : "dead-lettered (a well-formed event)";
                case DLQ_OR_NOTHING -> dlq <= 1 ? null : "dead-lettered more than once";
            };
            boolean mayBeDeadLettered = f.expect == Expect.DLQ || f.expect == Expect.DLQ_OR_TERMINAL || f.expect == Expect.DLQ_OR_NOTHING;
            for (int i = 0; i < letters.size(); i++) {
                // The one dead letter it may have is accounted for; any other is unexpected, already named by this record's violation.
                (mayBeDeadLettered && i == 0 ? accounted : explained).add(letters.get(i));
            }
            findings.add("kafka.outcome." + (dlq > 0 ? "dlq" : terminal > 0 ? "terminal" : "none"), 1);
            if (violation != null) {
                findings.add("kafka.recordsWithoutExpectedOutcome", 1);
                int count = findings.fail(part, violation, f.topic, "expected " + f.expect + ", got " + got, f.kind,
                        new Findings.Example(f.caseId, f.describe(), got));
                if (count == 1) {
                    System.out.printf("FUZZ %s: seed %d, case %s: %s%n    got: %s%n", violation, settings.seed(), f.caseId, f.describe(), got);
                }
            }
        }
        Map<String, Fuzzed> byId = new HashMap<>();
        records.forEach(f -> f.ids.forEach(id -> byId.putIfAbsent(id, f)));
        long unexpected = 0;
        for (Seen d : dead) {
            if (accounted.contains(d)) {
                continue;
            }
            unexpected++;
            if (explained.contains(d)) {
                continue;
            }
            Fuzzed origin = d.ids().stream().map(byId::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            String what = origin == null ? "not from a fuzzed record" : origin.kind;
            String example = d.topic() + " offset " + d.offset() + " (points at " + d.dlTopic() + "/" + d.dlPartition() + "/" + d.dlOffset()
                    + ", reason " + d.reason() + ")";
            int count = findings.fail(part, "unexpected dead letter", d.topic(), "from " + (origin == null ? "?" : origin.topic), what,
                    new Findings.Example(origin == null ? "-" : origin.caseId, origin == null ? example : origin.describe(), example));
            if (count == 1) {
                System.out.printf("FUZZ unexpected dead letter: seed %d, case %s: %s%n", settings.seed(), origin == null ? "-" : origin.caseId, example);
            }
        }
        findings.add("kafka.unexpectedDlq", unexpected);
        findings.add("kafka.dlqRecords", dead.size());
    }

    private static Seen seen(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        Set<String> ids = new LinkedHashSet<>();
        if (key != null) {
            ids.add(key);
        }
        if (r.value() != null) {
            try {
                JsonNode v = JsonMutations.JSON.readTree(r.value());
                if (v != null && v.path("scenarioId").isTextual()) {
                    ids.add(v.path("scenarioId").asText());
                }
            } catch (java.io.IOException | RuntimeException e) {
                // a dead letter's value may be anything
            }
        }
        String dlTopic = header(r, "dead-letter-topic");
        String dlPartition = header(r, "dead-letter-partition");
        String dlOffset = header(r, "dead-letter-offset");
        String reason = header(r, "dead-letter-reason");
        return new Seen(r.topic(), r.partition(), r.offset(), key, ids, dlTopic, parseInt(dlPartition), parseLong(dlOffset),
                reason == null ? null : reason.length() > 160 ? reason.substring(0, 160) + "…" : reason);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int parseInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A consumer group that has not committed past the fuzzed records of a partition, and the records from where it stands. */
    record Behind(String group, TopicPartition partition, long committed, List<Fuzzed> from) {
        String describe() {
            return "group " + group + " on " + partition + " at offset " + (committed < 0 ? "(nothing committed)" : committed) + "; fuzzed records from there: "
                    + from.stream().limit(6).map(f -> f.caseId + " (" + f.kind + ", offset " + f.offset + ")").collect(Collectors.joining(", "))
                    + (from.size() > 6 ? ", …" : "");
        }
    }

    /**
     * Partitions (of the fuzzed topics) on which some consumer group of the topic has not committed past the last
     * fuzzed record. A group of a topic is one with committed offsets on it, except the tests' readers, the gateway's
     * per-replica SSE groups (auto-commit, nothing stored) and the dead-letter replay groups.
     */
    private List<Behind> behind(List<Fuzzed> records) {
        Map<TopicPartition, Long> last = new HashMap<>();
        records.forEach(f -> last.merge(new TopicPartition(f.topic, f.partition), f.offset, Math::max));
        try {
            List<Behind> behind = new ArrayList<>();
            Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = new HashMap<>();
            for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                String id = g.groupId();
                if (id.startsWith("test-reader-") || id.startsWith("gateway-sse-") || id.startsWith("gateway-dlq-replay-") || id.startsWith("fuzz-")) {
                    continue;
                }
                groups.put(id, admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
            }
            for (String topic : INPUTS) {
                Map<String, Map<TopicPartition, OffsetAndMetadata>> consumers = new HashMap<>();
                groups.forEach((id, offsets) -> {
                    if (offsets.keySet().stream().anyMatch(tp -> tp.topic().equals(topic))) {
                        consumers.put(id, offsets);
                    }
                });
                if (consumers.isEmpty()) {
                    findings.note("kafka.noGroup." + topic, "no consumer group has committed offsets on " + topic);
                }
                for (Map.Entry<TopicPartition, Long> e : last.entrySet()) {
                    if (!e.getKey().topic().equals(topic)) {
                        continue;
                    }
                    consumers.forEach((group, offsets) -> {
                        OffsetAndMetadata committed = offsets.get(e.getKey());
                        if (committed == null || committed.offset() <= e.getValue()) {
                            long at = committed == null ? -1 : committed.offset();
                            behind.add(new Behind(group, e.getKey(), at, records.stream()
                                    .filter(f -> f.topic.equals(topic) && f.partition == e.getKey().partition() && f.offset >= at)
                                    .sorted(java.util.Comparator.comparingLong(f -> f.offset)).toList()));
                        }
                    });
                }
            }
            return behind;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long countRecords(Collection<String> topics) {
        Map<TopicPartition, Long> end = endOffsets(topics);
        Map<TopicPartition, Long> begin = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            begin.putAll(consumer.beginningOffsets(end.keySet()));
        }
        return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.getOrDefault(e.getKey(), 0L)).sum();
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return new HashMap<>(consumer.endOffsets(partitions(topics)));
        }
    }

    private List<TopicPartition> partitions(Collection<String> topics) {
        try {
            List<TopicPartition> out = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) -> d.partitions()
                    .forEach(p -> out.add(new TopicPartition(name, p.partition()))));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe " + topics, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed", "enable.auto.commit", "false",
                "max.partition.fetch.bytes", 8 << 20, "fetch.max.bytes", 64 << 20), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
