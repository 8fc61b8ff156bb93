package dev.estimator.stack;

/**
 * Where one service's database lives and how to log in. {@code reactiveUrl} is the form the Vert.x
 * reactive PostgreSQL client takes ({@code postgresql://host:port/db}).
 */
public record DatabaseCoordinates(String host, int port, String database, String username, String password) {

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
