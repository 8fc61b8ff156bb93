package dev.estimator.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Entry point of {@code deploy/local/run.sh}: starts the local stack, prints the URLs, optionally runs
 * the demo, and keeps everything running until it receives SIGINT/SIGTERM, when it stops every process
 * it started.
 * <p>
 * Settings (environment; every one optional):
 * <ul>
 * <li>{@code KAFKA_BOOTSTRAP_SERVERS}: use this broker instead of starting one (default: a KRaft broker in its own JVM on
 * {@code ESTIMATOR_KAFKA_PORT}, 9092, with its data in {@code <state-dir>/kafka})</li>
 * <li>{@code ESTIMATOR_KAFKA_JAVA_OPTS}: JVM options of that broker (default {@code -Xmx512m})</li>
 * <li>{@code ESTIMATOR_PG_ADMIN_URL}: admin URL of an external PostgreSQL, e.g.
 * {@code postgresql://postgres:secret@127.0.0.1:5432/postgres} (default: embedded on {@code ESTIMATOR_PG_PORT}, 55432)</li>
 * <li>{@code ESTIMATOR_JAVA_OPTS}: JVM options of each service (default {@code -Xmx384m -XX:+UseSerialGC})</li>
 * </ul>
 * Arguments: {@code --root DIR} (the checkout), {@code --state-dir DIR} (default {@code <root>/.local-stack}),
 * {@code --demo}, {@code --clean} (wipe the embedded database and the broker's data first).
 */
public final class LocalStackLauncher {

    private LocalStackLauncher() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        Path root = Path.of(option(argv, "--root", ".")).toAbsolutePath().normalize();
        Path state = Path.of(option(argv, "--state-dir", root.resolve(".local-stack").toString())).toAbsolutePath();
        Path logs = state.resolve("logs");
        Files.createDirectories(logs);
        Path pgData = state.resolve("pgdata");
        Path kafkaData = state.resolve("kafka");
        if (argv.contains("--clean")) {
            deleteRecursively(pgData);
            deleteRecursively(kafkaData);
        }
        Path readyFile = state.resolve("ready");
        Files.deleteIfExists(readyFile);
        Files.writeString(state.resolve("launcher.pid"), Long.toString(ProcessHandle.current().pid()));

        PrintStream out = System.out;
        out.println("Local stack: logs in " + logs);
        LocalStack.Options options = new LocalStack.Options(root, logs,
                intEnv("ESTIMATOR_KAFKA_PORT", 9092), kafkaData, options("ESTIMATOR_KAFKA_JAVA_OPTS", "-Xmx512m"),
                intEnv("ESTIMATOR_PG_PORT", 55432), pgData,
                System.getenv("KAFKA_BOOTSTRAP_SERVERS"), System.getenv("ESTIMATOR_PG_ADMIN_URL"), Map.of(),
                javaOptions(), Map.of());

        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack[] holder = new LocalStack[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack...");
            if (holder[0] != null) {
                holder[0].close();
            }
            try {
                Files.deleteIfExists(readyFile);
                Files.deleteIfExists(state.resolve("pids"));
                Files.deleteIfExists(state.resolve("launcher.pid"));
            } catch (IOException e) {
                // best effort: stop.sh tolerates stale files
            }
            System.out.println("Local stack stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));

        LocalStack stack;
        try {
            stack = LocalStack.start(options, out);
        } catch (RuntimeException e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        holder[0] = stack;
        Files.writeString(state.resolve("pids"),
                stack.pids().stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n");

        String summary = """

                The estimator is running:
                  gateway (public API)  %s/api/v1   (OpenAPI: %s/q/openapi, health: %s/q/health)
                  catalog-service       %s
                  compute-service       %s
                  cost-service          %s
                  Kafka                 %s   (kcat -C -b %s -t estimates)
                """.formatted(stack.url(LocalStack.GATEWAY), stack.url(LocalStack.GATEWAY), stack.url(LocalStack.GATEWAY),
                stack.url(LocalStack.CATALOG), stack.url(LocalStack.COMPUTE), stack.url(LocalStack.COST),
                stack.bootstrapServers(), stack.bootstrapServers());
        out.println(summary);

        if (argv.contains("--demo")) {
            try {
                new Demo(stack.url(LocalStack.GATEWAY), out).run();
            } catch (RuntimeException e) {
                System.err.println("Demo failed: " + e.getMessage());
            }
        }
        Files.writeString(readyFile, summary);
        out.println("Press Ctrl-C to stop (or run deploy/local/stop.sh).");
        out.flush();
        stopped.await();
    }

    private static List<String> javaOptions() {
        return options("ESTIMATOR_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
    }

    private static List<String> options(String variable, String defaultValue) {
        String opts = System.getenv().getOrDefault(variable, defaultValue);
        return new ArrayList<>(Arrays.asList(opts.trim().split("\\s+")));
    }

    private static String option(List<String> argv, String name, String defaultValue) {
        int i = argv.indexOf(name);
        return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : defaultValue;
    }

    private static int intEnv(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
