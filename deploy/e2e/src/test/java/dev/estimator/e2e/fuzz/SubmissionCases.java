package dev.estimator.e2e.fuzz;

import static dev.estimator.e2e.fuzz.JsonMutations.pick;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.estimator.e2e.fuzz.JsonMutations.Doc;
import dev.estimator.e2e.fuzz.JsonMutations.Slot;

/**
 * Fuzzed POST /api/v1/scenarios and /api/v1/sweeps: a valid request from the gateway's README, OpenAPI examples and
 * e2e tests, then one to three seeded mutations of its JSON tree (wrong types, NaN and infinity tokens, huge and tiny
 * numbers, negatives, unknown and missing fields, deep nesting, huge strings and arrays, odd strings, sweep axes),
 * sometimes a mutation of its bytes (truncated, non-UTF-8, NUL and control bytes, flipped bytes, BOM, UTF-16, trailing
 * data, duplicate keys) and sometimes of its headers (Content-Type, Accept, Idempotency-Key, Prefer, Authorization,
 * Content-Encoding, Expect, method). One case in twenty is left valid.
 */
final class SubmissionCases {

    static final String SCENARIOS = "/api/v1/scenarios";
    static final String SWEEPS = "/api/v1/sweeps";

    /** GPT-3 175B as in GatewayScenariosIT: inline model, explicit price. */
    static final String GPT3 = """
            {"name": "GPT-3 175B", "model": {"parameters": 174.6e9, "architecture": "dense"},
             "training": {"tokens": 3.0e11, "precision": "fp16"},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000},
             "pricing": {"provider": "azure", "model": "on-demand", "currency": "USD", "pricePerAcceleratorHour": 2.0}}""";
    /** The OpenAPI example of POST /scenarios: a catalog reference, utilization and serving. */
    static final String REFERENCE = """
            {"name": "GPT-3 175B on V100", "model": {"ref": "gpt-3-175b"},
             "training": {"tokens": 3.0e11, "precision": "fp16", "utilization": 0.21},
             "hardware": {"accelerator": "nvidia-v100-32gb", "count": 10000},
             "pricing": {"provider": "azure", "model": "on-demand", "currency": "USD"},
             "serving": {"tokensPerDay": 1.0e10, "months": 12}}""";
    /** The 70B-on-H100 request of the fault suite, explicit price. */
    static final String LLAMA = """
            {"name": "70B", "model": {"parameters": 7.0e10, "architecture": "dense"},
             "training": {"tokens": 2.0e12, "precision": "bf16"},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024},
             "pricing": {"provider": "aws", "model": "on-demand", "currency": "USD", "pricePerAcceleratorHour": 2.0}}""";
    /** Every block of the request schema (docs/events.md): components, dataset, deadline, serving, programme. */
    static final String FULL = """
            {"name": "VLM", "model": {"parameters": 7.0e9, "activeParameters": null, "architecture": "dense", "layers": 32,
               "hiddenSize": 4096, "heads": 32, "kvHeads": 8, "contextLength": 4096,
               "components": [{"name": "vision", "parameters": 3.04e8, "tokensPerInput": 257, "inputsPerSample": 1,
                               "trainable": false, "modality": "image"}]},
             "training": {"tokens": 2.0e12, "epochs": 1, "precision": "bf16", "utilization": 0.4,
               "dataset": {"images": 1000000, "tokensPerImage": 256, "videoSeconds": 0, "framesPerSecond": 1,
                           "tokensPerFrame": 256, "audioSeconds": 0, "audioTokensPerSecond": 50}},
             "hardware": {"accelerator": "nvidia-h100-sxm", "count": 512, "deadlineDays": null},
             "pricing": {"provider": "aws", "model": "on-demand", "currency": "USD", "region": "us", "pricePerAcceleratorHour": null},
             "serving": {"tokensPerDay": 1.0e10, "months": 12},
             "programme": {"experimentMultiplier": 1.0, "dataCost": 0, "staffCost": 0}}""";
    /** The OpenAPI example of POST /sweeps (3 x 3). */
    static final String SWEEP_3X3 = """
            {"base": {"name": "LLaMA-2 70B", "model": {"ref": "llama-2-70b"}, "training": {"tokens": 2.0e12},
                      "hardware": {"accelerator": "nvidia-h100-sxm", "count": 1024}, "pricing": {"provider": "aws"}},
             "vary": {"hardware.accelerator": ["nvidia-a100-80gb", "nvidia-h100-sxm", "nvidia-h800"],
                      "hardware.count": [512, 1024, 2048]}}""";
    /** The 100-member sweep of GatewayScenariosIT. */
    static final String SWEEP_100 = "{\"base\": " + GPT3 + ", \"vary\": {"
            + "\"hardware.accelerator\": [\"nvidia-v100-32gb\", \"nvidia-a100-80gb\", \"nvidia-h100-sxm\", \"nvidia-h800\"], "
            + "\"hardware.count\": [512, 1024, 2048, 4096, 8192], \"pricing.pricePerAcceleratorHour\": [1.0, 1.5, 2.0, 3.0, 4.5]}}";
    static final String SWEEP_2 = "{\"base\": " + LLAMA + ", \"vary\": {\"hardware.count\": [512, 1024]}}";

    static final List<String> SCENARIO_SEEDS = List.of(GPT3, REFERENCE, LLAMA, FULL);
    static final List<String> SWEEP_SEEDS = List.of(SWEEP_3X3, SWEEP_100, SWEEP_2);

    private final FuzzSettings settings;

    SubmissionCases(FuzzSettings settings) {
        this.settings = settings;
    }

    HttpCase generate(int n) {
        Random random = settings.random("submissions", n);
        boolean sweep = random.nextInt(5) < 2;
        HttpCase.Builder c = new HttpCase.Builder("submissions#" + n);
        c.endpoint = "POST " + (sweep ? SWEEPS : SCENARIOS);
        c.method = "POST";
        c.target = HttpCase.ascii(sweep ? SWEEPS : SCENARIOS);
        c.auth = true;
        c.header("Content-Type", "application/json");
        Doc doc = Doc.parse(pick(random, sweep ? SWEEP_SEEDS : SCENARIO_SEEDS), random);
        byte[] body;
        if (random.nextInt(20) == 0) {
            body = doc.bytes();
        } else if (random.nextInt(25) == 0) {
            body = wholeBody(random, c);
        } else {
            int mutations = 1 + (random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0);
            for (int i = 0; i < mutations; i++) {
                if (sweep && random.nextInt(3) == 0) {
                    sweepMutation(random, doc, c);
                } else {
                    treeMutation(random, doc, c);
                }
            }
            body = doc.bytes();
            if (random.nextInt(5) == 0) {
                body = byteMutation(random, body, c);
            }
        }
        c.body = body;
        if (random.nextInt(5) == 0) {
            headerMutation(random, c, doc);
        }
        if (random.nextInt(33) == 0) {
            // An Idempotency-Key race: the same key three times at once, the middle copy sometimes with another body.
            c.removeHeader("Idempotency-Key");
            c.header("Idempotency-Key", "race-" + new UUID(random.nextLong(), random.nextLong()));
            c.copies = 3;
            c.altBody = random.nextBoolean() ? c.body : Doc.parse(pick(random, sweep ? SWEEP_SEEDS : SCENARIO_SEEDS), random).bytes();
            c.mutation("idempotency-race(" + (c.altBody == c.body ? "same body" : "other body") + ")");
        }
        return c.build();
    }

    private static byte[] wholeBody(Random random, HttpCase.Builder c) {
        String body = pick(random, "", " ", "null", "{}", "[]", "\"scenario\"", "0", "true", "{\"\":null}", "{\"base\":{}}", "{\"vary\":{}}",
                "[" + GPT3 + "]", "{\"model\":", "\n\n\n");
        c.mutation("body:" + HttpCase.printable(HttpCase.utf8(body), 40));
        return HttpCase.utf8(body);
    }

    private void treeMutation(Random random, Doc doc, HttpCase.Builder c) {
        int op = JsonMutations.slots(doc.root).isEmpty() ? 5 : random.nextInt(14);
        Slot slot;
        switch (op) {
            case 0 -> {
                slot = JsonMutations.slot(random, doc.root, n -> n.isValueNode());
                JsonNode value = JsonMutations.otherType(random, slot.value());
                slot.set(value);
                c.mutation("wrong-type(" + slot.path() + " = " + value + ")");
            }
            case 1 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isNumber);
                String token = pick(random, JsonMutations.NON_FINITE);
                slot.set(doc.rawToken(token));
                c.mutation("non-finite-token(" + slot.path() + " = " + token + ")");
            }
            case 2 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isNumber);
                String token = pick(random, JsonMutations.HUGE);
                slot.set(doc.rawToken(token));
                c.mutation("huge-number(" + slot.path() + " = " + token + ")");
            }
            case 3 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isNumber);
                String token = pick(random, JsonMutations.TINY);
                slot.set(doc.rawToken(token));
                c.mutation("tiny-number(" + slot.path() + " = " + token + ")");
            }
            case 4 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isNumber);
                double v = slot.value().asDouble();
                slot.set(JsonMutations.JSON.getNodeFactory().numberNode(v == 0 ? -1 : -v));
                c.mutation("negative(" + slot.path() + ")");
            }
            case 5 -> {
                List<Slot> objects = JsonMutations.slots(doc.root).stream().filter(s -> s.value().isObject()).toList();
                ObjectNode target = objects.isEmpty() || random.nextInt(3) == 0 ? (ObjectNode) doc.root : (ObjectNode) pick(random, objects).value();
                String key = JsonMutations.key(random);
                target.set(key, JsonMutations.anyValue(random));
                c.mutation("unknown-field(" + HttpCase.printable(HttpCase.utf8(key), 30) + ")");
            }
            case 6 -> {
                slot = JsonMutations.slot(random, doc.root, n -> true);
                slot.remove();
                c.mutation("missing-field(" + slot.path() + ")");
            }
            case 7 -> {
                slot = JsonMutations.slot(random, doc.root, n -> true);
                int depth = pick(random, 50, 500, 999, 1000, 1001, 5000, 100_000);
                slot.set(doc.rawToken(JsonMutations.nesting(random, depth)));
                c.mutation("deep-nesting(" + slot.path() + ", depth " + depth + ")");
            }
            case 8 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isTextual);
                int length = pick(random, 1_000, 65_536, 300_000, 1_100_000);
                slot.set(TextNode.valueOf(JsonMutations.longString(random, length)));
                c.mutation("huge-string(" + slot.path() + ", " + length + " chars)");
            }
            case 9 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isTextual);
                String s = pick(random, JsonMutations.ODD_STRINGS);
                slot.set(TextNode.valueOf(s));
                c.mutation("odd-string(" + slot.path() + " = " + HttpCase.printable(HttpCase.utf8(s), 30) + ")");
            }
            case 10 -> {
                slot = JsonMutations.slot(random, doc.root, JsonNode::isTextual);
                String s = pick(random, JsonMutations.RAW_STRINGS);
                slot.set(doc.rawToken(s));
                c.mutation("raw-string-token(" + slot.path() + " = " + s + ")");
            }
            case 11 -> {
                slot = JsonMutations.slot(random, doc.root, n -> true);
                int size = pick(random, 1_000, 10_001, 100_000);
                slot.set(doc.rawToken(IntStream.range(0, size).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"))));
                c.mutation("large-array(" + slot.path() + ", " + size + ")");
            }
            case 12 -> {
                // Every number of the document at once: an all-zero or all-negative request.
                String token = pick(random, "0", "-1", "1e308", "NaN");
                for (Slot s : JsonMutations.slots(doc.root)) {
                    if (s.value().isNumber()) {
                        s.set(doc.rawToken(token));
                    }
                }
                c.mutation("every-number(" + token + ")");
            }
            default -> {
                slot = JsonMutations.slot(random, doc.root, n -> n.isObject() || n.isArray());
                JsonNode replacement = slot.value().isObject() ? JsonMutations.JSON.getNodeFactory().arrayNode().add(slot.value())
                        : JsonMutations.JSON.getNodeFactory().objectNode().set("items", slot.value());
                slot.set(replacement);
                c.mutation("wrapped(" + slot.path() + ")");
            }
        }
    }

    private void sweepMutation(Random random, Doc doc, HttpCase.Builder c) {
        ObjectNode root = doc.root.isObject() ? (ObjectNode) doc.root : null;
        if (root == null) {
            treeMutation(random, doc, c);
            return;
        }
        ObjectNode vary = root.get("vary") instanceof ObjectNode v ? v : root.putObject("vary");
        int op = random.nextInt(12);
        switch (op) {
            case 0 -> {
                int size = pick(random, 10_001, 20_000, 100_000);
                vary.set("hardware.count", doc.rawToken(IntStream.range(0, size).mapToObj(i -> Integer.toString(8 + i)).collect(Collectors.joining(",", "[", "]"))));
                c.mutation("huge-sweep(one axis of " + size + ")");
            }
            case 1 -> {
                // Products past int and long: each axis alone is small.
                int axes = pick(random, 3, 5, 7);
                int values = pick(random, 100, 1000, 65_536);
                List<String> names = List.of("hardware.count", "training.tokens", "pricing.pricePerAcceleratorHour", "training.utilization",
                        "hardware.deadlineDays", "model.parameters", "serving.months");
                for (int a = 0; a < axes; a++) {
                    boolean fraction = a == 3;
                    vary.set(names.get(a), doc.rawToken(IntStream.range(1, 1 + values).mapToObj(i -> fraction ? "0." + i : Integer.toString(i))
                            .collect(Collectors.joining(",", "[", "]"))));
                }
                c.mutation("huge-sweep(" + axes + " axes of " + values + ")");
            }
            case 2 -> {
                int size = Math.max(2, settings.maxAcceptedSweep() / 10 + random.nextInt(Math.max(1, settings.maxAcceptedSweep() - settings.maxAcceptedSweep() / 10)));
                vary.removeAll();
                ArrayNode counts = vary.putArray("hardware.count");
                IntStream.range(0, size).forEach(i -> counts.add(256 + i));
                c.mutation("large-sweep(" + size + " members)");
            }
            case 3 -> {
                // Past the 1 MB body limit: 413, before any parsing.
                StringBuilder values = new StringBuilder("[");
                for (int i = 0; values.length() < 1_100_000; i++) {
                    values.append(i == 0 ? "" : ",").append('"').append("x".repeat(100)).append(i).append('"');
                }
                vary.set("name", doc.rawToken(values.append(']').toString()));
                c.mutation("huge-sweep(body over 1 MB)");
            }
            case 4 -> {
                String axis = JsonMutations.slots(vary).isEmpty() ? "hardware.count" : vary.fieldNames().next();
                vary.putArray(axis);
                c.mutation("empty-axis(" + axis + ")");
            }
            case 5 -> {
                String axis = pick(random, "model", "foo.bar", "", "hardware", "a.b.c.d.e.f.g", "hardware.count.x", "__proto__", "training.tokens.",
                        ".hardware.count", "hardware..count", "HARDWARE.COUNT", "name\u0000", "pricing.currency");
                vary.putArray(axis).add(1).add(2);
                c.mutation("odd-axis(" + HttpCase.printable(HttpCase.utf8(axis), 30) + ")");
            }
            case 6 -> {
                root.set("vary", JsonMutations.otherType(random, vary));
                c.mutation("vary-wrong-type");
            }
            case 7 -> {
                String axis = vary.size() == 0 ? "hardware.count" : vary.fieldNames().next();
                vary.set(axis, JsonMutations.otherType(random, JsonMutations.JSON.getNodeFactory().arrayNode()));
                c.mutation("axis-not-array(" + axis + ")");
            }
            case 8 -> {
                ArrayNode values = vary.putArray(pick(random, "hardware.count", "training.tokens", "hardware.accelerator"));
                values.add(JsonMutations.anyValue(random)).add(JsonMutations.anyValue(random)).add(JsonMutations.JSON.getNodeFactory().nullNode());
                c.mutation("axis-odd-values");
            }
            case 9 -> {
                root.remove(pick(random, "base", "vary"));
                c.mutation("sweep-missing-part");
            }
            case 10 -> {
                ArrayNode values = vary.putArray("hardware.count");
                values.add(512).add(512).add(512);
                c.mutation("axis-duplicate-values");
            }
            default -> {
                root.set("base", JsonMutations.otherType(random, root.path("base")));
                c.mutation("base-wrong-type");
            }
        }
    }

    private static byte[] byteMutation(Random random, byte[] body, HttpCase.Builder c) {
        switch (random.nextInt(11)) {
            case 0 -> {
                int at = body.length == 0 ? 0 : random.nextInt(body.length);
                c.mutation("truncated(at " + at + " of " + body.length + ")");
                return java.util.Arrays.copyOf(body, at);
            }
            case 1 -> {
                byte[] bad = pick(random, JsonMutations.BAD_UTF8);
                c.mutation("non-utf8-in-string(" + HttpCase.printable(bad, 20) + ")");
                return JsonMutations.insertInString(random, body, bad);
            }
            case 2 -> {
                byte[] bad = pick(random, JsonMutations.BAD_UTF8);
                c.mutation("non-utf8-anywhere(" + HttpCase.printable(bad, 20) + ")");
                return JsonMutations.insert(body, random.nextInt(body.length + 1), bad);
            }
            case 3 -> {
                c.mutation("nul-byte-in-string");
                return JsonMutations.insertInString(random, body, new byte[] { 0 });
            }
            case 4 -> {
                c.mutation("nul-byte-anywhere");
                return JsonMutations.insert(body, random.nextInt(body.length + 1), new byte[] { 0, 0 });
            }
            case 5 -> {
                byte control = (byte) (1 + random.nextInt(31));
                c.mutation("control-byte-in-string(" + HttpCase.printable(new byte[] { control }, 8) + ")");
                return JsonMutations.insertInString(random, body, new byte[] { control });
            }
            case 6 -> {
                byte[] flipped = body.clone();
                int flips = 1 + random.nextInt(5);
                for (int i = 0; i < flips && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                c.mutation("flipped-bits(" + flips + ")");
                return flipped;
            }
            case 7 -> {
                c.mutation("utf8-bom");
                return JsonMutations.concat(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf }, body);
            }
            case 8 -> {
                Charset charset = pick(random, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                        Charset.forName("UTF-32"), StandardCharsets.ISO_8859_1);
                c.mutation("re-encoded(" + charset.name() + ")");
                return new String(body, StandardCharsets.UTF_8).getBytes(charset);
            }
            case 9 -> {
                String trailing = pick(random, "}", "{}", "xyz", "\u0000", "\n\n{\"a\":1}", ",", " ".repeat(100_000), "]");
                c.mutation("trailing-data(" + HttpCase.printable(HttpCase.utf8(trailing), 20) + ")");
                return JsonMutations.concat(body, HttpCase.utf8(trailing));
            }
            default -> {
                // Duplicate key: the first field again, with another type, first in the object.
                String text = new String(body, StandardCharsets.UTF_8);
                int brace = text.indexOf('{');
                if (brace < 0) {
                    c.mutation("duplicate-key(no object)");
                    return body;
                }
                String key = pick(random, "name", "model", "hardware", "training", "base", "vary");
                c.mutation("duplicate-key(" + key + ")");
                return HttpCase.utf8(text.substring(0, brace + 1) + "\"" + key + "\": 12345, " + text.substring(brace + 1));
            }
        }
    }

    private static void headerMutation(Random random, HttpCase.Builder c, Doc doc) {
        switch (random.nextInt(9)) {
            case 0 -> {
                c.removeHeader("Content-Type");
                String type = pick(random, null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=nonsense",
                        "application/json, text/plain", "application/*", "*/*", "json", "application/json;;;", "application/merge-patch+json",
                        "application/problem+json", "application/json; " + "p=v; ".repeat(500), "", "APPLICATION/JSON");
                if (type != null) {
                    c.header("Content-Type", type);
                }
                c.mutation("content-type(" + (type == null ? "none" : HttpCase.printable(HttpCase.utf8(type), 40)) + ")");
            }
            case 1 -> {
                c.removeHeader("Content-Type");
                byte[] type = pick(random, new byte[] { (byte) 0xff, (byte) 0xfe }, HttpCase.ascii("application/json\0"), HttpCase.utf8("application/jsön"));
                c.header("Content-Type", type);
                c.mutation("content-type-bytes(" + HttpCase.printable(type, 30) + ")");
            }
            case 2 -> {
                String accept = pick(random, "application/xml", "text/csv", "text/event-stream", "image/png", "*/*;q=abc", "application/json;q=0",
                        "", "a/b/c");
                c.header("Accept", accept);
                c.mutation("accept(" + accept + ")");
            }
            case 3 -> {
                byte[] key = pick(random, HttpCase.ascii(""), HttpCase.ascii(" "), HttpCase.ascii("k".repeat(201)), HttpCase.utf8("schlüssel"),
                        new byte[] { (byte) 0xff, 0x41 }, HttpCase.ascii("a b"), HttpCase.ascii("\t"), HttpCase.ascii("k".repeat(8_000)),
                        HttpCase.ascii("key\u007f"));
                c.header("Idempotency-Key", key);
                c.mutation("idempotency-key(" + HttpCase.printable(key, 30) + ")");
            }
            case 4 -> {
                String prefer = pick(random, "wait=abc", "wait=-1", "wait=99999999999999999999", "wait=0", "wait=1", "wait=", "return=minimal",
                        "wait=1, wait=2", "wait=" + "9".repeat(5_000), "handling=strict");
                c.header("Prefer", prefer);
                c.mutation("prefer(" + HttpCase.printable(HttpCase.ascii(prefer), 30) + ")");
            }
            case 5 -> {
                c.auth = false;
                byte[] auth = pick(random, null, HttpCase.ascii("Bearer"), HttpCase.ascii("Bearer "), HttpCase.ascii("Bearer garbage"),
                        HttpCase.ascii("Basic YWRtaW46YWRtaW4="), HttpCase.ascii("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZ3JvdXBzIjpbImFkbWluIl19."),
                        HttpCase.ascii("Bearer " + "A".repeat(16_000)), new byte[] { 'B', 'e', 'a', 'r', 'e', 'r', ' ', (byte) 0xff, 0 },
                        HttpCase.ascii("Bearer a.b.c"));
                if (auth != null) {
                    c.header("Authorization", auth);
                }
                c.mutation("authorization(" + (auth == null ? "none" : HttpCase.printable(auth, 30)) + ")");
            }
            case 6 -> {
                String encoding = pick(random, "gzip", "deflate", "br", "identity", "garbage");
                c.header("Content-Encoding", encoding);
                c.mutation("content-encoding(" + encoding + ", body not encoded)");
            }
            case 7 -> {
                String expect = pick(random, "100-continue", "garbage");
                c.header("Expect", expect);
                c.mutation("expect(" + expect + ")");
            }
            default -> {
                c.method = pick(random, "PUT", "PATCH", "DELETE", "OPTIONS", "GET", "TRACE", "FOO");
                c.mutation("method(" + c.method + ")");
            }
        }
    }

    static String describeSeeds() {
        return String.format(Locale.ROOT, "%d scenario and %d sweep requests", SCENARIO_SEEDS.size(), SWEEP_SEEDS.size());
    }
}
