package dev.estimator.e2e.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/fuzz-results.md}: what was measured (date, commit, build times, settings, seed), the counts the
 * issue asks for (cases, 5xx by endpoint, stuck, unexpected dead letters, the gateway's peak RSS), every answer's status
 * by endpoint, and every class of violation with examples that replay with the seed. Written after every part, so a
 * crash keeps what was measured.
 */
final class FuzzReport {

    private final Path root;
    private final Path apps;
    private final Path file;
    private final FuzzSettings settings;
    private final Findings findings;
    private final Instant started = Instant.now();
    private final Map<String, String> parts = new LinkedHashMap<>();
    private final List<SseMemoryCheck.Phase> phases = new ArrayList<>();
    private String rssBound = "not measured";

    FuzzReport(Path root, Path apps, Path file, FuzzSettings settings, Findings findings) {
        this.root = root;
        this.apps = apps;
        this.file = file;
        this.settings = settings;
        this.findings = findings;
    }

    synchronized void part(String part, String line) {
        parts.put(part, line);
        write();
    }

    synchronized void phase(SseMemoryCheck.Phase phase) {
        phases.add(phase);
        write();
    }

    synchronized void rssBound(String text) {
        rssBound = text;
        write();
    }

    synchronized void write() {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized String text() {
        StringBuilder out = new StringBuilder("# Fuzz results\n\n");
        out.append(header()).append('\n');
        out.append("## Summary\n\n| what | count |\n|---|---:|\n");
        long http = findings.get("submissions.cases") + findings.get("reads.cases");
        row(out, "HTTP cases (submissions + reads)", String.format(Locale.ROOT, "%,d (%,d + %,d)", http, findings.get("submissions.cases"),
                findings.get("reads.cases")));
        row(out, "HTTP requests sent", n(findings.get("http.requests")));
        row(out, "5xx answers", n(findings.get("violations.5xx")));
        row(out, "4xx answers without problem+json (errors or detail)", n(findings.get("violations.4xx without problem+json")));
        row(out, "requests without an answer", n(findings.get("violations.no answer")));
        row(out, "refused by the HTTP parser before any handler (request line > 4 KiB: 414, headers > 20 KiB: 431, control "
                + "characters in a header: 400; empty body, by Vert.x)", n(findings.get("http.codecRefusals")));
        row(out, "writes to catalog or prices without an admin token: sent / accepted", n(findings.get("reads.writes")) + " / "
                + n(findings.get("violations.write without an admin token accepted")));
        row(out, "accepted: scenarios / sweeps", n(findings.get("http.acceptedScenarios")) + " / " + n(findings.get("http.acceptedSweeps")));
        row(out, "accepted scenarios COMPLETED / REJECTED", n(findings.get("http.scenariosCompleted")) + " / " + n(findings.get("http.scenariosRejected")));
        row(out, "accepted sweeps' members COMPLETED / REJECTED", n(findings.get("http.sweepMembersCompleted")) + " / "
                + n(findings.get("http.sweepMembersRejected")));
        row(out, "stuck (accepted, never COMPLETED or REJECTED)", n(findings.get("submissions.stuck") + findings.get("reads.stuck")));
        row(out, "Kafka records produced", String.format(Locale.ROOT, "%,d (%s)", findings.get("kafka.cases"), KafkaFuzzer.INPUTS.stream()
                .map(t -> t + " " + findings.get("kafka.cases." + t)).reduce((a, b) -> a + ", " + b).orElse("")));
        row(out, "Kafka records by expectation", List.of(KafkaFuzzer.Expect.values()).stream()
                .map(e -> e + " " + findings.get("kafka.expect." + e)).reduce((a, b) -> a + ", " + b).orElse(""));
        row(out, "dead-letter records before / after the Kafka part", n(findings.get("kafka.dlqBefore")) + " / " + n(findings.get("kafka.dlqAfter")));
        row(out, "unexpected dead letters", n(findings.get("kafka.unexpectedDlq")));
        row(out, "Kafka records without the expected outcome", n(findings.get("kafka.recordsWithoutExpectedOutcome")));
        row(out, "gateway RSS max (MiB), stalled SSE clients", phases.stream().filter(p -> p.name().startsWith("stalled")).map(p -> Long.toString(p.maxMib()))
                .findFirst().orElse("not measured"));
        row(out, "gateway live heap held by the SSE clients (MiB), reading / stalled", phases.stream().filter(p -> p.name().startsWith("reading"))
                .map(p -> Long.toString(p.heldMib())).findFirst().orElse("-") + " / " + phases.stream().filter(p -> p.name().startsWith("stalled"))
                        .map(p -> Long.toString(p.heldMib())).findFirst().orElse("-"));
        row(out, "gateway memory bounds", rssBound);
        row(out, "seed", Long.toString(settings.seed()));
        out.append('\n');
        if (!parts.isEmpty()) {
            out.append("## Parts\n\n");
            parts.forEach((part, line) -> out.append("- ").append(part).append(": ").append(line).append('\n'));
            out.append('\n');
        }
        if (!phases.isEmpty()) {
            out.append("## SSE memory\n\n");
            phases.forEach(p -> out.append("- ").append(p.describe()).append('\n'));
            out.append('\n');
        }
        Map<String, Long> fives = findings.byEndpoint(s -> s.startsWith("5"));
        out.append("## 5xx by endpoint\n\n");
        if (fives.isEmpty()) {
            out.append("None.\n\n");
        } else {
            out.append("| endpoint | 5xx | by status |\n|---|---:|---|\n");
            Map<String, Map<String, Long>> all = findings.statuses();
            fives.forEach((endpoint, count) -> out.append("| `").append(endpoint).append("` | ").append(count).append(" | ")
                    .append(all.get(endpoint).entrySet().stream().filter(e -> e.getKey().startsWith("5")).map(e -> e.getKey() + ": " + e.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse(""))
                    .append(" |\n"));
            out.append('\n');
        }
        out.append("## Answers by endpoint\n\n");
        Map<String, Map<String, Long>> statuses = findings.statuses();
        TreeSet<String> columns = new TreeSet<>();
        statuses.values().forEach(m -> columns.addAll(m.keySet()));
        out.append("| endpoint |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n|---|");
        columns.forEach(c -> out.append("---:|"));
        out.append('\n');
        statuses.forEach((endpoint, counts) -> {
            out.append("| `").append(endpoint).append("` |");
            columns.forEach(c -> out.append(' ').append(counts.containsKey(c) ? n(counts.get(c)) : "").append(" |"));
            out.append('\n');
        });
        out.append('\n');
        List<Findings.FailureClass> classes = findings.classes(null);
        out.append("## Violation summary\n\n");
        if (classes.isEmpty()) {
            out.append("None.\n\n");
        } else {
            // One row per part, violation and outcome: where it happened and under which operators, over every class below.
            Map<String, long[]> counts = new LinkedHashMap<>();
            Map<String, TreeSet<String>> where = new LinkedHashMap<>();
            Map<String, TreeSet<String>> how = new LinkedHashMap<>();
            for (Findings.FailureClass c : classes) {
                String key = c.part + " | " + c.kind + " | " + c.outcome.replaceAll("expected (\\S+), got .*", "expected $1").replace("|", "/");
                counts.computeIfAbsent(key, k -> new long[1])[0] += c.count;
                where.computeIfAbsent(key, k -> new TreeSet<>()).add("`" + c.endpoint + "`");
                how.computeIfAbsent(key, k -> new TreeSet<>()).add(c.operator);
            }
            out.append("| part | violation | outcome | count | where | operators |\n|---|---|---|---:|---|---|\n");
            counts.forEach((key, n) -> out.append("| ").append(key).append(" | ").append(n(n[0])).append(" | ")
                    .append(String.join(", ", where.get(key))).append(" | ").append(String.join(", ", how.get(key))).append(" |\n"));
            out.append('\n');
        }
        out.append("## Violations (").append(classes.size()).append(" classes)\n\n");
        if (classes.isEmpty()) {
            out.append("None.\n");
        }
        for (Findings.FailureClass c : classes) {
            out.append(String.format(Locale.ROOT, "### %s: %s — `%s` → %s (operator: %s), %,d×%n%n", c.part, c.kind, c.endpoint,
                    c.outcome.replace("|", "/"), c.operator, c.count));
            for (Findings.Example e : c.examples) {
                out.append("- case `").append(e.caseId()).append("`: ").append(fence(e.request())).append("\n  → ").append(fence(e.answer())).append('\n');
            }
            out.append('\n');
        }
        Map<String, String> notes = findings.notes();
        if (!notes.isEmpty()) {
            out.append("## Notes\n\n");
            notes.forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        out.append(String.format(Locale.ROOT, "%nSuite time %d s. Replay: `./mvnw -B verify -pl deploy/e2e -Dgroups=fuzz %s` (one case: add "
                + "`-Dfuzz.only=<case>`).%n", Instant.now().getEpochSecond() - started.getEpochSecond(), settings.replay()));
        return out.toString();
    }

    private static String fence(String s) {
        return "`" + s.replace("`", "'") + "`";
    }

    private static void row(StringBuilder out, String what, String value) {
        out.append("| ").append(what).append(" | ").append(value).append(" |\n");
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private String header() {
        String commit = git("rev-parse", "--short", "HEAD");
        String changed = git("status", "--porcelain", "--", "catalog-service", "compute-service", "cost-service", "gateway", "chassis");
        StringBuilder out = new StringBuilder();
        out.append("- measured ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(started.atOffset(ZoneOffset.UTC).withNano(0)))
                .append(" UTC, services from ").append(root)
                .append(commit == null ? " (not a git checkout)" : " at commit " + commit)
                .append(changed == null || changed.isBlank() ? "" : " (plus uncommitted changes to the services)").append('\n');
        out.append("- packaged services (copied at the start):");
        for (String service : List.of("catalog-service", "compute-service", "cost-service", "gateway")) {
            out.append(' ').append(service).append(" built ").append(built(service)).append(';');
        }
        out.setLength(out.length() - 1);
        out.append("\n- ").append(settings.describe()).append('\n');
        return out.toString();
    }

    private String built(String service) {
        Path app = apps.resolve(service).resolve("target/quarkus-app/app");
        try (var files = Files.list(app)) {
            FileTime newest = files.map(p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
            return DateTimeFormatter.ofPattern("MM-dd HH:mm").format(newest.toInstant().atOffset(ZoneOffset.UTC));
        } catch (IOException e) {
            return "?";
        }
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
