package dev.estimator.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Seeded mutations of a JSON document, shared by the HTTP and Kafka fuzzers. A document is a Jackson tree plus raw
 * tokens: text that is not a JSON value a tree can hold ({@code NaN}, {@code 1e400}, 100,000 nested brackets, a
 * lone escaped surrogate) is put in as a placeholder string and spliced in when the document is written.
 */
final class JsonMutations {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A document being mutated. */
    static final class Doc {
        JsonNode root;
        private final Map<String, String> raw = new HashMap<>();
        private final String tag;

        Doc(JsonNode root, Random random) {
            this.root = root;
            this.tag = "__raw" + Long.toHexString(random.nextLong() & 0xffffffffL) + "_";
        }

        static Doc parse(String json, Random random) {
            try {
                return new Doc(JSON.readTree(json), random);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + json, e);
            }
        }

        /** A node that is written as {@code text}, verbatim. */
        TextNode rawToken(String text) {
            String key = tag + raw.size() + "__";
            raw.put(key, text);
            return TextNode.valueOf(key);
        }

        String text() {
            String out;
            try {
                out = JSON.writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            for (Map.Entry<String, String> e : raw.entrySet()) {
                out = out.replace("\"" + e.getKey() + "\"", e.getValue());
            }
            return out;
        }

        byte[] bytes() {
            return text().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Where a node sits: its parent and its field name or index, so it can be replaced or removed. */
    record Slot(JsonNode parent, String field, int index, JsonNode value, String path) {
        void set(JsonNode node) {
            if (parent instanceof ObjectNode o) {
                o.set(field, node);
            } else {
                ((ArrayNode) parent).set(index, node);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private JsonMutations() {
    }

    /** Every node below the root, depth first. */
    static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        return slots;
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                slots.add(new Slot(node, e.getKey(), -1, e.getValue(), p));
                collect(e.getValue(), p, slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                slots.add(new Slot(node, null, i, node.get(i), p));
                collect(node.get(i), p, slots);
            }
        }
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    static <T> T pick(Random random, T... items) {
        return items[random.nextInt(items.length)];
    }

    /** A slot whose value matches, or any slot if none does; null for an empty document. */
    static Slot slot(Random random, JsonNode root, java.util.function.Predicate<JsonNode> preferred) {
        List<Slot> all = slots(root);
        if (all.isEmpty()) {
            return null;
        }
        List<Slot> matching = all.stream().filter(s -> preferred.test(s.value())).toList();
        return pick(random, matching.isEmpty() ? all : matching);
    }

    /** A value of another JSON type than {@code current}. */
    static JsonNode otherType(Random random, JsonNode current) {
        List<JsonNode> candidates = new ArrayList<>(List.of(TextNode.valueOf(pick(random, "abc", "", "1e11", "true", "null", " 42 ")),
                NODES.numberNode(pick(random, 42, -1, 0, 7)), NODES.numberNode(0.5), NODES.booleanNode(random.nextBoolean()), NODES.nullNode(),
                NODES.arrayNode().add(1).add("a"), NODES.arrayNode(), NODES.objectNode().put("x", 1), NODES.objectNode()));
        candidates.removeIf(c -> c.getNodeType() == current.getNodeType());
        return pick(random, candidates);
    }

    static final String[] NON_FINITE = { "NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-NaN", "1e", ".5", "5.", "0x10",
            "01", "1_000", "--1", "+1", "1.0e+", "Infinity1" };
    static final String[] HUGE = { "1e308", "1.7976931348623157e308", "1e309", "1e400", "-1e400", "9223372036854775807",
            "9223372036854775808", "18446744073709551616", "2147483647", "2147483648", "-2147483649", "1e1000000",
            "123456789012345678901234567890.5", "1e17", "1.0000000000000002e17", "1e15", "1e16", "99999999999" };
    static final String[] TINY = { "1e-320", "4.9e-324", "5e-324", "1e-400", "-0.0", "-0", "0", "0.0", "1e-9", "2.2250738585072014E-308",
            "-1e-400", "0.000000000000000000000000000001" };
    static final String[] ODD_STRINGS = { "\u0000", "a\u0000b", "\u202e", "' OR '1'='1", "${jndi:ldap://127.0.0.1/x}", "%s%s%s%n",
            "=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "<script>alert(1)</script>", "../../../etc/passwd", "NaN", "Infinity",
            "", " ", "\t\r\n", "null", "\uFEFF", "\uD83D\uDE00", "日本語", "\u0007\u001b[31m", "\\", "\"", "a".repeat(300) };
    /** Escaped forms a Java string cannot carry through Jackson: lone surrogates, and the NUL escape as such. */
    static final String[] RAW_STRINGS = { "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud800b\"", "\"\\u0000\"", "\"\\u0000\\u0000\"",
            "\"\\uDBFF\\uDFFF\"", "\"\\u00\"", "\"\\x41\"", "'single'", "\"unterminated" };

    /** Nested arrays or objects {@code depth} deep, as raw text. */
    static String nesting(Random random, int depth) {
        boolean objects = random.nextBoolean();
        StringBuilder s = new StringBuilder(depth * (objects ? 6 : 2) + 2);
        for (int i = 0; i < depth; i++) {
            s.append(objects ? "{\"a\":" : "[");
        }
        s.append('1');
        for (int i = 0; i < depth; i++) {
            s.append(objects ? '}' : ']');
        }
        return s.toString();
    }

    static String longString(Random random, int length) {
        String unit = pick(random, "a", "ü", "\uD83D\uDE00", "\n", "<", "\u0000", "x\"y");
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            s.append(unit);
        }
        return s.toString();
    }

    static String key(Random random) {
        return pick(random, "x", "", " ", "__proto__", "constructor", "$where", "a.b", "\u0000", "ü", "k".repeat(10_000), "hardware.count",
                "Name", "NAME", "model ", "@type", "class");
    }

    static JsonNode anyValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> TextNode.valueOf(pick(random, ODD_STRINGS));
            case 1 -> NODES.numberNode(random.nextGaussian() * 1e6);
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(random.nextInt()).add("x");
            default -> NODES.objectNode().put("nested", random.nextInt());
        };
    }

    /** Bytes that are not UTF-8: lone continuation bytes, overlong forms, encoded surrogates, 5-byte forms. */
    static final byte[][] BAD_UTF8 = { { (byte) 0xff }, { (byte) 0xfe }, { (byte) 0xc3, 0x28 }, { (byte) 0xc0, (byte) 0xaf },
            { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, { (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0x80 },
            { (byte) 0xe2, (byte) 0x82 }, { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } };

    /** {@code insert} placed inside a JSON string of {@code bytes} (right after an opening quote), or anywhere if none. */
    static byte[] insertInString(Random random, byte[] bytes, byte[] insert) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                quotes.add(i + 1);
            }
        }
        int at = quotes.isEmpty() ? random.nextInt(bytes.length + 1) : pick(random, quotes);
        return insert(bytes, at, insert);
    }

    static byte[] insert(byte[] bytes, int at, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.writeBytes(insert);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        return insert(a, a.length, b);
    }
}
