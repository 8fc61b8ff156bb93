package dev.estimator.e2e.fault;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The suite's results as a Markdown table (printed, and written to {@code target/fault-results.md} after every
 * fault so a crash keeps what was measured), headed by what was measured: date, commit, uncommitted changes to
 * the services and when each packaged service was built.
 */
final class FaultReport {

    /**
     * One fault's outcome.
     *
     * @param inFlight   members of the sweep not yet finished in the registry when the fault was injected
     * @param lost       members never COMPLETED or REJECTED in the registry
     * @param duplicates records on {@code estimates} (read_committed) beyond the first, over the sweep's members
     * @param orphans    records on {@code estimates} during the fault whose id the registry does not know
     * @param deadLetters records added to any {@code *.dlq} topic during the fault
     * @param seconds    from the POST until the registry said done, or -1 if it never did
     * @param unpublished members COMPLETED in the registry without a committed record on {@code estimates} (a
     *                    subscriber never saw them): in the notes, not a column of its own
     */
    record Row(String fault, int sweepSize, long inFlight, long lost, long duplicates, long orphans, long deadLetters,
            double seconds, long unpublished, String notes) {

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s |", fault, sweepSize, inFlight, lost,
                    duplicates, orphans, deadLetters, seconds < 0 ? "not done" : String.format(Locale.ROOT, "%.1f", seconds),
                    notes.isBlank() ? "" : notes.replace("|", "/"));
        }

        boolean clean() {
            return lost == 0 && duplicates == 0 && orphans == 0 && deadLetters == 0 && unpublished == 0;
        }
    }

    private final Path root;
    private final Path apps;
    private final Path file;
    private final String settings;
    private final Instant started = Instant.now();
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param root the checkout the services were packaged in (its git commit and status, when it is one)
     * @param apps where the services the suite runs were copied to (their build times)
     */
    FaultReport(Path root, Path apps, Path file, String settings) {
        this.root = root;
        this.apps = apps;
        this.file = file;
        this.settings = settings;
    }

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("FAULT RESULT " + row.markdown());
        write();
    }

    /** Adds to a row's notes (e.g. what became of a sweep that was given up on, at the end of the suite). */
    synchronized void annotate(String fault, String note) {
        rows.replaceAll(r -> !r.fault().equals(fault) ? r
                : new Row(r.fault(), r.sweepSize(), r.inFlight(), r.lost(), r.duplicates(), r.orphans(), r.deadLetters(), r.seconds(),
                        r.unpublished(), r.notes().isBlank() ? note : r.notes() + "; " + note));
        write();
    }

    synchronized boolean has(String fault) {
        return rows.stream().anyMatch(r -> r.fault().equals(fault));
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | sweep | in flight | lost | duplicates | orphans | DLQ | time to finish (s) | notes |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        rows.forEach(r -> out.append(r.markdown()).append('\n'));
        return out.toString();
    }

    synchronized void write() {
        String text = "# Fault-injection results\n\n" + header() + "\n" + table() + "\n"
                + rows.stream().filter(r -> !r.clean()).count() + " of " + rows.size() + " faults lost, duplicated, orphaned or "
                + "dead-lettered scenarios; suite time " + (Instant.now().getEpochSecond() - started.getEpochSecond()) + " s.\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void print() {
        System.out.println("\n" + header() + "\n" + table());
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
        out.append("\n- ").append(settings).append('\n');
        return out.toString();
    }

    private String built(String service) {
        // quarkus-run.jar is a small launcher rewritten at every package; the application's classes are in app/.
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

    /** Output of a git command in {@code root}, or null when it fails (e.g. not a git checkout). */
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
