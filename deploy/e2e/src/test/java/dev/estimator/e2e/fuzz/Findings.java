package dev.estimator.e2e.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the oracles saw, shared by the parts of the suite and written to the report: counters, the answers'
 * statuses by endpoint, and the violations grouped into classes (part, what was violated, endpoint, status or
 * outcome, and the first mutation of the case), each with its count and its first examples (case id, request, answer),
 * so a class reads as one bug to fix and the examples replay it with the run's seed.
 */
final class Findings {

    record Example(String caseId, String request, String answer) {
    }

    /** One kind of violation. */
    static final class FailureClass {
        final String part;
        final String kind;
        final String endpoint;
        final String outcome;
        final String operator;
        int count;
        final List<Example> examples = new ArrayList<>();

        FailureClass(String part, String kind, String endpoint, String outcome, String operator) {
            this.part = part;
            this.kind = kind;
            this.endpoint = endpoint;
            this.outcome = outcome;
            this.operator = operator;
        }
    }

    static final int EXAMPLES = 3;

    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> statuses = new TreeMap<>();
    private final Map<String, FailureClass> classes = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    synchronized void add(String counter, long n) {
        counters.merge(counter, n, Long::sum);
    }

    synchronized void max(String counter, long n) {
        counters.merge(counter, n, Math::max);
    }

    synchronized long get(String counter) {
        return counters.getOrDefault(counter, 0L);
    }

    synchronized void status(String endpoint, String status) {
        statuses.computeIfAbsent(endpoint, k -> new TreeMap<>()).merge(status, 1L, Long::sum);
    }

    synchronized void note(String key, String text) {
        notes.put(key, text);
    }

    synchronized Map<String, String> notes() {
        return new LinkedHashMap<>(notes);
    }

    /** Records one violation; returns its class's count so far. */
    synchronized int fail(String part, String kind, String endpoint, String outcome, String operator, Example example) {
        String key = part + "|" + kind + "|" + endpoint + "|" + outcome + "|" + operator;
        FailureClass c = classes.computeIfAbsent(key, k -> new FailureClass(part, kind, endpoint, outcome, operator));
        c.count++;
        if (c.examples.size() < EXAMPLES) {
            c.examples.add(example);
        }
        add(part + ".violations", 1);
        add("violations." + kind, 1);
        return c.count;
    }

    synchronized List<FailureClass> classes(String part) {
        return classes.values().stream().filter(c -> part == null || c.part.equals(part))
                .sorted(Comparator.comparing((FailureClass c) -> c.part).thenComparing(c -> c.kind).thenComparing(c -> -c.count)).toList();
    }

    synchronized long violations(String part) {
        return get(part + ".violations");
    }

    synchronized Map<String, Map<String, Long>> statuses() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        statuses.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    /** Answers with this status class ("5xx") or status ("503") per endpoint. */
    synchronized Map<String, Long> byEndpoint(java.util.function.Predicate<String> status) {
        Map<String, Long> out = new TreeMap<>();
        statuses.forEach((endpoint, counts) -> counts.forEach((s, n) -> {
            if (status.test(s)) {
                out.merge(endpoint, n, Long::sum);
            }
        }));
        return out;
    }

    /** A short text of the classes of {@code part}, for an assertion message. */
    synchronized String summary(String part, long seed) {
        StringBuilder s = new StringBuilder();
        for (FailureClass c : classes(part)) {
            s.append(String.format("%n  %d x %s: %s -> %s [%s]", c.count, c.kind, c.endpoint, c.outcome, c.operator));
            Example e = c.examples.get(0);
            s.append(String.format("%n      e.g. seed %d, case %s: %s%n      answer: %s", seed, e.caseId(), e.request(), e.answer()));
        }
        return s.toString();
    }
}
