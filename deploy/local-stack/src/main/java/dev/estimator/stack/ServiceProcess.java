package dev.estimator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service running as its own JVM process, as in production. Output goes to a
 * log file; readiness is SmallRye Health's {@code /q/health/ready}.
 * <p>
 * For fault injection the process can be killed ({@link #kill()}, SIGKILL), stopped gracefully ({@link #stop()},
 * SIGTERM), hung ({@link #pause()}, SIGSTOP) and started again with the same command line, environment and port
 * ({@link #startAgain()}).
 */
public final class ServiceProcess implements AutoCloseable {

    /** The address every service listens on, unless the environment given says otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path logFile;
    private volatile Process process;
    private volatile long startedAtNanos;
    private volatile long readyAfterMillis = -1;
    private volatile boolean paused;

    private ServiceProcess(String name, int port, List<String> command, Map<String, String> env, Path logFile) {
        this.name = name;
        this.port = port;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.logFile = logFile;
    }

    public static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env,
            List<String> jvmOptions, Path logFile) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException(name + " is not built: " + quarkusRunJar + " is missing (run ./mvnw package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(quarkusRunJar.toString());
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Loopback only: a developer's stack is not reachable from other machines. The packaged services bind every
        // interface by default, which pods need (deploy/k8s).
        environment.putIfAbsent("QUARKUS_HTTP_HOST", LOOPBACK);
        ServiceProcess service = new ServiceProcess(name, port, command, environment, logFile);
        service.launch();
        return service;
    }

    /** Starts the service again after {@link #kill()} or {@link #stop()}: same command line, environment and port. */
    public synchronized ServiceProcess startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        launch();
        return this;
    }

    private void launch() {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            readyAfterMillis = -1;
            paused = false;
            startedAtNanos = System.nanoTime();
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** Waits until the service reports ready, or fails with the end of its log if it died or timed out. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            Process process = this.process;
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log "
                        + logFile + ":\n" + tail(40));
            }
            try {
                HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    readyAfterMillis = (System.nanoTime() - startedAtNanos) / 1_000_000;
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log " + logFile + ":\n" + tail(40));
    }

    /** Resident memory of the process in MiB, read from /proc (Linux), or -1 where unknown. */
    public long residentMemoryMib() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://" + LOOPBACK + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    public long readyAfterMillis() {
        return readyAfterMillis;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill: no shutdown hooks, nothing flushed or committed. Waits until it is gone. */
    public synchronized void kill() {
        Process p = process;
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    /** Asks the JVM to shut down gracefully (SIGTERM), then kills it if it takes longer than 20 s. */
    public synchronized void stop() {
        Process p = process;
        if (!p.isAlive()) {
            return;
        }
        resume();
        Signals.terminate(p, java.time.Duration.ofSeconds(20));
    }

    /** SIGSTOP: the JVM keeps its sockets and consumer group membership but does nothing. */
    public synchronized void pause() {
        Signals.stop(List.of(process.pid()));
        paused = true;
    }

    public synchronized void resume() {
        if (paused && process.isAlive()) {
            Signals.send("CONT", process.pid());
        }
        paused = false;
    }

    /** Graceful stop; the same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
