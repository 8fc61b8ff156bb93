package dev.estimator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running as its own JVM
 * ({@code kafka.Kafka server.properties}), with its log dirs in a data directory that outlives the process.
 * So a test can stop it (gracefully or with SIGKILL) and start it again on the same port with the same data,
 * or hang it with SIGSTOP, while clients keep their bootstrap address.
 * <p>
 * Layout of the data directory: {@code server.properties}, {@code logging.properties}, {@code logs/} (partitions,
 * KRaft metadata, {@code meta.properties}) and {@code broker.pid} (read by {@code deploy/local/stop.sh}).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final Path logFile;
    private final List<String> jvmOptions;
    private final String classpath;
    private volatile Process process;
    private volatile boolean paused;

    private KafkaBrokerProcess(int port, int controllerPort, Path dataDir, boolean deleteOnClose, Path logFile,
            List<String> jvmOptions) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = JvmClasspath.current();
    }

    /**
     * Formats the data directory if it holds no broker yet, starts the broker and waits until it serves requests.
     *
     * @param port       client port, or 0 for a free one (kept for every restart)
     * @param dataDir    where the log dirs live; an existing broker there is started again with its data. Null: a
     *                   throw-away directory, deleted by {@link #close()}
     * @param logFile    the broker's output (appended across restarts)
     * @param jvmOptions options of the broker JVM, e.g. {@code -Xmx512m}
     */
    public static KafkaBrokerProcess start(int port, Path dataDir, Path logFile, List<String> jvmOptions) {
        try {
            boolean throwAway = dataDir == null;
            Path dir = throwAway ? Files.createTempDirectory("estimator-kafka-") : dataDir.toAbsolutePath();
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            int clientPort = port > 0 ? port : FreePort.find();
            // The controller port is part of the quorum's identity: a data dir keeps the one it was formatted with.
            int controller = previousControllerPort(dir);
            if (controller <= 0 || controller == clientPort) {
                controller = FreePort.find();
            }
            KafkaBrokerProcess broker = new KafkaBrokerProcess(clientPort, controller, dir, throwAway,
                    logFile.toAbsolutePath(), jvmOptions);
            broker.writeConfiguration();
            broker.formatIfNew();
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the Kafka broker", e);
        }
    }

    /** Starts the broker again (same port, same data) after {@link #stop()} or {@link #kill()}; waits until ready. */
    public synchronized KafkaBrokerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The broker is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        // Own session: a Ctrl-C in run.sh's terminal reaches the launcher, which stops the services before the broker.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-Djava.util.logging.config.file=" + dataDir.resolve("logging.properties"));
        command.add("-cp");
        command.add(classpath);
        command.add("kafka.Kafka");
        command.add(dataDir.resolve("server.properties").toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            paused = false;
            Files.writeString(dataDir.resolve("broker.pid"), process.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker", e);
        }
        awaitReady(READY_TIMEOUT);
        return this;
    }

    /** Graceful stop (SIGTERM: controlled shutdown, logs flushed); SIGKILL if it takes longer than 60 s. */
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        resume();
        Signals.terminate(p, java.time.Duration.ofSeconds(60));
    }

    /** SIGKILL: no controlled shutdown, unflushed data is lost; the next start recovers the logs. */
    public synchronized void kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    /** Graceful stop, then start with the same port and data. */
    public KafkaBrokerProcess restart() {
        stop();
        return start();
    }

    /** SIGSTOP: the broker keeps its sockets open but answers nothing, as a broker stuck in a long GC pause or a hung VM. */
    public synchronized void pause() {
        Signals.stop(List.of(pid()));
        paused = true;
    }

    public synchronized void resume() {
        if (paused && process != null && process.isAlive()) {
            Signals.send("CONT", process.pid());
        }
        paused = false;
    }

    /** Hangs the broker for {@code duration}, then lets it go on. */
    public void hang(Duration duration) {
        pause();
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            resume();
        }
    }

    /**
     * Waits until the broker answers metadata requests and every partition, internal ones included, has a
     * leader, so producers and consumers can work again (after an unclean stop the logs are recovered first).
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Clients log a warning for every refused connection: wait for the listener before creating one.
        while (!listening() && System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        String last = "not started";
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                Process p = process;
                if (p == null || !p.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited (code " + (p == null ? "?" : p.exitValue())
                            + "); log " + logFile + ":\n" + tail(40));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                                .get(5, TimeUnit.SECONDS);
                        Map<String, TopicDescription> described = topics.isEmpty() ? Map.of()
                                : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
                        boolean led = described.values().stream().flatMap(d -> d.partitions().stream())
                                .allMatch(p2 -> p2.leader() != null && !p2.leader().isEmpty());
                        if (led) {
                            return;
                        }
                        last = "partitions without a leader";
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " not ready within " + timeout + " (" + last
                + "); log " + logFile + ":\n" + tail(40));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("The broker is not running");
        }
        return p.pid();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the broker gracefully; a throw-away data directory is deleted. */
    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(dataDir.resolve("broker.pid"));
        } catch (IOException e) {
            // stop.sh checks whether the pid is alive before using it
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    @Override
    public String toString() {
        return "Kafka (KRaft, own process) at " + bootstrapServers();
    }

    private void writeConfiguration() throws IOException {
        Path logs = dataDir.resolve("logs");
        String server = """
                # Written by dev.estimator.stack.KafkaBrokerProcess at every start; edits are overwritten.
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=4
                auto.create.topics.enable=true
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=4
                # One node holds the transaction log: the stages commit consume-transform-produce in transactions.
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=4
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, logs);
        Files.writeString(dataDir.resolve("server.properties"), server);
        // Used only when an SLF4J-to-JUL provider is on the classpath (the launcher's lib/, the e2e tests).
        String logging = """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                state.change.logger.level=WARNING
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n
                """;
        Files.writeString(dataDir.resolve("logging.properties"), logging);
    }

    private static int previousControllerPort(Path dir) {
        Path previous = dir.resolve("server.properties");
        if (!Files.isRegularFile(previous)) {
            return 0;
        }
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(previous)) {
            props.load(in);
            String voters = props.getProperty("controller.quorum.voters", "");
            return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void formatIfNew() throws IOException {
        if (Files.exists(dataDir.resolve("logs/meta.properties"))) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m",
                "-Djava.util.logging.config.file=" + dataDir.resolve("logging.properties"), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dataDir.resolve("server.properties").toString()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed; log " + logFile + ":\n" + tail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
