package dev.estimator.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The whole system on one machine: Kafka, PostgreSQL (one database and login per service) and the four
 * packaged services as separate JVM processes. {@code deploy/local/run.sh} and the end-to-end tests
 * start exactly this.
 * <p>
 * Every part can be stopped, killed, hung and started again on its own, for fault-injection tests:
 * {@link #broker()} (its own JVM with persistent log dirs), {@link #postgres()} (fast restart, SIGSTOP) and
 * {@link #service(ServiceSpec)} (SIGKILL, SIGTERM, SIGSTOP, start again with the same environment and port).
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the system: its Maven module, its database, and the port it listens on locally. */
    public record ServiceSpec(String name, String database, int defaultPort) {
        public Path jar(Path root) {
            return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    public static final ServiceSpec CATALOG = new ServiceSpec("catalog-service", "catalog", 8081);
    public static final ServiceSpec COMPUTE = new ServiceSpec("compute-service", "compute", 8082);
    public static final ServiceSpec COST = new ServiceSpec("cost-service", "cost", 8083);
    public static final ServiceSpec GATEWAY = new ServiceSpec("gateway", "gateway", 8080);
    public static final List<ServiceSpec> SERVICES = List.of(CATALOG, COMPUTE, COST, GATEWAY);

    /**
     * DEV ONLY: the public half of the key pair {@link DevTokens} signs with, under the checkout (or a
     * {@link #snapshotServices snapshot}). Every service of the stack verifies bearer tokens with it.
     */
    public static final String DEV_PUBLIC_KEY = "deploy/local/dev-keys/dev-jwt-public.pem";

    /**
     * How to start the stack.
     *
     * @param root                  the repository checkout (holds the packaged services)
     * @param logDir                one folder for every log file
     * @param kafkaPort             broker port (0: any free port)
     * @param kafkaDataDir          where the broker keeps its log dirs across restarts (null: throw-away, deleted on close)
     * @param kafkaJvmOptions       options of the broker JVM
     * @param postgresPort          embedded PostgreSQL port (0: any free port)
     * @param postgresDataDir       where embedded PostgreSQL keeps its data (null: throw-away)
     * @param externalKafka         bootstrap servers of an existing broker, or null to start one
     * @param externalPostgresAdmin admin URL of an existing PostgreSQL server, or null to start one
     * @param servicePorts          port per service name (missing: {@link ServiceSpec#defaultPort()}; 0: any free port)
     * @param jvmOptions            options for each service JVM
     * @param extraEnv              environment added to every service (e.g. test-only settings)
     */
    public record Options(Path root, Path logDir, int kafkaPort, Path kafkaDataDir, List<String> kafkaJvmOptions,
            int postgresPort, Path postgresDataDir,
            String externalKafka, String externalPostgresAdmin, Map<String, Integer> servicePorts,
            List<String> jvmOptions, Map<String, String> extraEnv) {
    }

    // The stack's own Kafka clients (topic creation) log every configuration at INFO when an SLF4J binding is present;
    // strong references keep the levels from being garbage collected.
    private static final Logger[] QUIET = { Logger.getLogger("org.apache.kafka"), Logger.getLogger("kafka") };

    private KafkaBrokerProcess kafka;
    private PostgresServer postgres;
    private String bootstrapServers;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, DatabaseCoordinates> databases = new HashMap<>();

    private LocalStack() {
    }

    /**
     * Copies each packaged service ({@code <service>/target/quarkus-app}) from the checkout at {@code root} to
     * {@code into}, in the same layout, with the {@link #DEV_PUBLIC_KEY} they verify tokens with, and returns
     * {@code into} for {@link Options#root()}. A long test that kills and restarts services then restarts the build it
     * started with, even if the checkout is rebuilt meanwhile.
     */
    public static Path snapshotServices(Path root, Path into) {
        try {
            Files.createDirectories(into.resolve(DEV_PUBLIC_KEY).getParent());
            Files.copy(root.resolve(DEV_PUBLIC_KEY), into.resolve(DEV_PUBLIC_KEY), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + root.resolve(DEV_PUBLIC_KEY), e);
        }
        for (ServiceSpec spec : SERVICES) {
            Path from = spec.jar(root).getParent();
            Path to = spec.jar(into).getParent();
            if (!Files.isRegularFile(spec.jar(root))) {
                throw new IllegalStateException(spec.name() + " is not built: " + spec.jar(root) + " is missing (run ./mvnw package -DskipTests)");
            }
            try (Stream<Path> old = Files.exists(to) ? Files.walk(to) : Stream.empty()) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy " + from, e);
            }
        }
        return into;
    }

    public static LocalStack start(Options options, PrintStream out) {
        LocalStack stack = new LocalStack();
        try {
            stack.startInfrastructure(options, out);
            stack.startServices(options, out);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure(Options options, PrintStream out) {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        long t0 = System.nanoTime();
        if (options.externalKafka() != null && !options.externalKafka().isBlank()) {
            bootstrapServers = options.externalKafka();
            out.println("Kafka: external, " + bootstrapServers);
        } else {
            kafka = KafkaBrokerProcess.start(options.kafkaPort(), options.kafkaDataDir(),
                    options.logDir().resolve("kafka.log"), options.kafkaJvmOptions());
            bootstrapServers = kafka.bootstrapServers();
            out.printf("Kafka: KRaft broker at %s, pid %d, data %s (%d ms)%n", bootstrapServers, kafka.pid(),
                    kafka.dataDir(), millisSince(t0));
        }
        // Partitioned up front so consumer groups can scale out; key = scenarioId keeps a scenario's events in order.
        KafkaBroker.createTopics(bootstrapServers, Topics.ALL, 4);

        long t1 = System.nanoTime();
        if (options.externalPostgresAdmin() != null && !options.externalPostgresAdmin().isBlank()) {
            postgres = PostgresServer.external(options.externalPostgresAdmin());
        } else {
            postgres = PostgresServer.startEmbedded(options.postgresPort(), options.postgresDataDir(),
                    options.logDir().resolve("postgres.log"));
        }
        out.printf("PostgreSQL: %s (%d ms)%n", postgres, millisSince(t1));
    }

    private void startServices(Options options, PrintStream out) {
        Map<String, Integer> ports = new HashMap<>();
        for (ServiceSpec spec : SERVICES) {
            int port = options.servicePorts().getOrDefault(spec.name(), spec.defaultPort());
            ports.put(spec.name(), port == 0 ? FreePort.find() : port);
        }
        for (ServiceSpec spec : SERVICES) {
            DatabaseCoordinates db = postgres.createDatabase(spec.database(), null);
            databases.put(spec.name(), db);
            Map<String, String> env = new HashMap<>(options.extraEnv());
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
            env.put("DB_URL", db.reactiveUrl());
            env.put("DB_USER", db.username());
            env.put("DB_PASSWORD", db.password());
            env.put("CATALOG_URL", "http://127.0.0.1:" + ports.get(CATALOG.name()));
            env.put("COMPUTE_URL", "http://127.0.0.1:" + ports.get(COMPUTE.name()));
            env.put("COST_URL", "http://127.0.0.1:" + ports.get(COST.name()));
            // A developer's stack: the packaged services in the dev profile, the only one besides test in which they
            // trust the development key (the gateway refuses it at start in any other). Tokens are verified as
            // deploy/local/token.sh and DevTokens sign them: by the gateway on every protected call, by catalog-service
            // and cost-service on the edits the gateway forwards them with. The key is named by its absolute path, as
            // the services' dev defaults are relative to their modules (extraEnv may name another key and profile).
            env.putIfAbsent("QUARKUS_PROFILE", "dev");
            env.putIfAbsent("JWT_PUBLIC_KEY_LOCATION", options.root().resolve(DEV_PUBLIC_KEY).toAbsolutePath().toString());
            env.putIfAbsent("JWT_ISSUER", DevTokens.ISSUER);
            Path log = options.logDir().resolve(spec.name() + ".log");
            services.put(spec.name(), ServiceProcess.start(spec.name(), spec.jar(options.root()), ports.get(spec.name()),
                    env, options.jvmOptions(), log));
        }
        List<CompletableFuture<ServiceProcess>> ready = new ArrayList<>();
        for (ServiceProcess process : services.values()) {
            ready.add(CompletableFuture.supplyAsync(() -> process.awaitReady(Duration.ofSeconds(120))));
        }
        try {
            ready.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        for (ServiceProcess p : services.values()) {
            out.printf("%-16s %-24s ready in %5d ms, RSS %4d MiB, pid %d, log %s%n", p.name(), p.url(),
                    p.readyAfterMillis(), p.residentMemoryMib(), p.pid(), p.logFile());
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String url(ServiceSpec spec) {
        return services.get(spec.name()).url();
    }

    public ServiceProcess service(ServiceSpec spec) {
        return services.get(spec.name());
    }

    /** The service's database and login (e.g. for white-box checks of what a test saw through the API). */
    public DatabaseCoordinates database(ServiceSpec spec) {
        return databases.get(spec.name());
    }

    /** The broker this stack started, or null when it runs against an external Kafka. */
    public KafkaBrokerProcess broker() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Pids of the processes this stack started: the services, then the broker (PostgreSQL has its own pid file). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(services.values().stream().map(ServiceProcess::pid).toList());
        if (kafka != null && kafka.isRunning()) {
            pids.add(kafka.pid());
        }
        return pids;
    }

    /**
     * Kills a service with SIGKILL, keeps it down for {@code downtime}, then starts it again with the same
     * environment and port and waits until it is ready.
     */
    public ServiceProcess killAndRestart(ServiceSpec spec, Duration downtime) {
        ServiceProcess service = service(spec);
        service.kill();
        sleep(downtime);
        return service.startAgain().awaitReady(Duration.ofSeconds(120));
    }

    /** Stops services first (they drain and commit offsets), then PostgreSQL and Kafka. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServiceProcess p : services.values()) {
            stops.add(CompletableFuture.runAsync(p::close));
        }
        stops.forEach(CompletableFuture::join);
        services.clear();
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
