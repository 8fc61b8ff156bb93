package dev.estimator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server with one database and one login role per service.
 * <p>
 * By default the server is embedded: real PostgreSQL binaries unpacked from Maven Central artifacts
 * (zonky), so a machine with only Java can run tests and the local stack. When an external server is
 * configured, the same per-service databases and roles are created there through an admin login.
 * <p>
 * Fault injection (embedded only): {@link #restart()} is a fast restart (SIGINT to the postmaster, then the same
 * command line again, same data directory and port) and {@link #hang(Duration)} freezes the postmaster and every
 * backend with SIGSTOP.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String adminJdbcUrl;
    private final String adminUser;
    private final String adminPassword;
    private volatile Path logFile;
    /** The postmaster this class started after a restart (zonky started the first one through pg_ctl). */
    private volatile Process restarted;
    private volatile List<Long> paused = List.of();

    private PostgresServer(EmbeddedPostgres embedded, String host, int port, String adminDatabase, String adminUser,
            String adminPassword) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.adminJdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + adminDatabase;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts an embedded server.
     *
     * @param port    the port, or 0 for a free one
     * @param dataDir where to keep the data across restarts, or null for a throw-away directory
     */
    public static PostgresServer startEmbedded(int port, Path dataDir) {
        return startEmbedded(port, dataDir, null);
    }

    /**
     * Same, with a log file for the output of a postmaster started again by {@link #restart()} (null: discarded).
     */
    public static PostgresServer startEmbedded(int port, Path dataDir, Path logFile) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // Enough connections for four services with their pools, and for sweeps.
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off".equals(System.getenv("ESTIMATOR_PG_FSYNC")) ? "off" : "on");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            PostgresServer server = new PostgresServer(pg, "127.0.0.1", pg.getPort(), "postgres", "postgres", "");
            server.logFile = logFile;
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    /**
     * Uses an external server through an admin login, e.g. {@code postgresql://postgres:secret@db:5432/postgres}.
     */
    public static PostgresServer external(String adminUrl) {
        URI uri = URI.create(adminUrl.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://"));
        String user = "postgres";
        String password = "";
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        return new PostgresServer(null, uri.getHost(), port, db, user, password);
    }

    /**
     * Creates (if absent) a login role and a database it owns, both named {@code name}. The password
     * equals the name unless given: the embedded server trusts local logins anyway, and an external one
     * should be given real secrets through the services' environment.
     */
    public DatabaseCoordinates createDatabase(String name, String password) {
        String db = name.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!IDENTIFIER.matcher(db).matches()) {
            throw new IllegalArgumentException("Not a valid database name: " + name);
        }
        String secret = password == null ? db : password;
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
                Statement st = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", db)) {
                st.execute("create role " + db + " login password '" + secret.replace("'", "''") + "'");
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", db)) {
                st.execute("create database " + db + " owner " + db);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + db + " at " + adminJdbcUrl, e);
        }
        return new DatabaseCoordinates(host, port, db, db, secret);
    }

    /** Drops a database if it exists (tests against an external server clean up after themselves). */
    public void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop database " + name, e);
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The postmaster's pid: the process listening with {@code -p <port>} whose command is {@code .../bin/postgres}. */
    public long postmasterPid() {
        requireEmbedded();
        Process own = restarted;
        if (own != null && own.isAlive()) {
            return own.pid();
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> isPostmaster(commandLine(pid)))
                    .findFirst().orElseThrow(() -> new IllegalStateException("No postmaster listening on port " + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isPostmaster(List<String> argv) {
        if (argv.isEmpty() || !argv.get(0).endsWith("/bin/postgres")) {
            return false;
        }
        int p = argv.indexOf("-p");
        return p > 0 && p + 1 < argv.size() && argv.get(p + 1).equals(Integer.toString(port));
    }

    /**
     * Fast restart: SIGINT to the postmaster (PostgreSQL's "fast" shutdown: open transactions are rolled back,
     * clients disconnected), wait until it exits, then run the same command line with the same environment
     * again (same data directory and port), and wait until it accepts connections.
     */
    public void restart() {
        restart(Duration.ZERO);
    }

    /** As {@link #restart()}, staying down for {@code downtime} before starting again. */
    public synchronized void restart(Duration downtime) {
        requireEmbedded();
        resume();
        long pid = postmasterPid();
        List<String> argv = commandLine(pid);
        Map<String, String> env = environment(pid);
        // pg_ctl marks the postmaster it started; a postmaster started directly must not carry it.
        env.remove("PG_GRANDPARENT_PID");
        // As root, PostgreSQL only starts inside a user namespace (zonky runs it under `unshare -U`): do the same.
        boolean unshare = !namespace(pid).equals(namespace(ProcessHandle.current().pid()));
        Signals.send("INT", pid);
        awaitExit(pid, Duration.ofSeconds(60));
        sleep(downtime);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        if (unshare) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (logFile != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            restarted = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL again: " + command, e);
        }
        awaitAcceptingConnections(Duration.ofSeconds(60));
    }

    /** SIGSTOP to the postmaster and every backend: connections stay open, nothing answers. */
    public synchronized void pause() {
        requireEmbedded();
        List<Long> pids = Signals.withDescendants(postmasterPid());
        Signals.stop(pids);
        paused = pids;
    }

    /** SIGCONT to everything {@link #pause()} stopped. */
    public synchronized void resume() {
        List<Long> pids = paused.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
        if (!pids.isEmpty()) {
            Signals.send("CONT", pids);
        }
        paused = List.of();
    }

    /** Hangs the server for {@code duration}, then lets it go on. */
    public void hang(Duration duration) {
        pause();
        try {
            sleep(duration);
        } finally {
            resume();
        }
    }

    public boolean isPaused() {
        return !paused.isEmpty();
    }

    /** Waits until a login to the admin database succeeds. */
    public void awaitAcceptingConnections(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            Process own = restarted;
            if (own != null && !own.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with code " + own.exitValue() + " after a restart"
                        + (logFile == null ? "" : "; log " + logFile));
            }
            try (Connection c = DriverManager.getConnection(adminJdbcUrl + "?connectTimeout=2&socketTimeout=5", adminUser,
                    adminPassword)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " not accepting connections within " + timeout, last);
    }

    private void requireEmbedded() {
        if (embedded == null) {
            throw new IllegalStateException("Only an embedded PostgreSQL can be restarted or hung by the stack");
        }
    }

    private static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\u0000"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> environment(long pid) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
            for (String entry : raw.split("\u0000")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the environment of postmaster " + pid, e);
        }
        return env;
    }

    private static String namespace(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "user")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(long pid, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        try {
            handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Postmaster " + pid + " did not stop within " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

    @Override
    public void close() {
        if (embedded != null) {
            resume();
            try {
                // pg_ctl stop finds the postmaster through postmaster.pid, also one started again by restart().
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Process own = restarted;
                if (own != null && own.isAlive()) {
                    own.destroy();
                    try {
                        if (!own.waitFor(10, TimeUnit.SECONDS)) {
                            own.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return (embedded != null ? "embedded PostgreSQL" : "external PostgreSQL") + " at " + host + ":" + port;
    }
}
