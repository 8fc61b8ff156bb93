package dev.estimator.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server with one database and one login role per service.
 * <p>
 * By default the server is embedded: real PostgreSQL binaries unpacked from Maven Central artifacts
 * (zonky), so a machine with only Java can run tests and the local stack. When an external server is
 * configured, the same per-service databases and roles are created there through an admin login.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String adminJdbcUrl;
    private final String adminUser;
    private final String adminPassword;

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
            return new PostgresServer(pg, "127.0.0.1", pg.getPort(), "postgres", "postgres", "");
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

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return (embedded != null ? "embedded PostgreSQL" : "external PostgreSQL") + " at " + host + ":" + port;
    }
}
