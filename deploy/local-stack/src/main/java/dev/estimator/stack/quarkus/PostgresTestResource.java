package dev.estimator.stack.quarkus;

import java.util.Map;
import java.util.UUID;

import dev.estimator.stack.DatabaseCoordinates;
import dev.estimator.stack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real PostgreSQL for a module's {@code @QuarkusTest}s, with the service's own database and login.
 * <p>
 * Embedded by default. Set {@code ESTIMATOR_TEST_PG_ADMIN_URL} (e.g.
 * {@code postgresql://postgres:secret@127.0.0.1:5432/postgres}) to run against an external server
 * instead: a throw-away database is created there and dropped afterwards.
 * <p>
 * Init arg {@code service}: the database and role name (default {@code app}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_ADMIN_URL_ENV = "ESTIMATOR_TEST_PG_ADMIN_URL";

    private String service = "app";
    private PostgresServer server;
    private DatabaseCoordinates database;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv(EXTERNAL_ADMIN_URL_ENV);
        if (external != null && !external.isBlank()) {
            server = PostgresServer.external(external);
            String name = service + "_test_" + UUID.randomUUID().toString().substring(0, 8);
            database = server.createDatabase(name, null);
        } else {
            server = PostgresServer.startEmbedded(0, null);
            database = server.createDatabase(service, null);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        if (!server.isEmbedded() && database != null) {
            server.dropDatabase(database.database());
        }
        server.close();
    }
}
