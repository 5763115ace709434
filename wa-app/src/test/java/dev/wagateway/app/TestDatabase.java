package dev.wagateway.app;

import dev.wagateway.persistence.PostgresConnection;
import dev.wagateway.persistence.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A PostgreSQL database of a test class's own: a new database on {@code WA_TEST_DATABASE_URL}'s server when that is
 * set, else an embedded server. Of its own because the session tests restore every device they find, and must not
 * find another test's.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresDatabase database;
    private final EmbeddedPostgres embedded;

    private TestDatabase(PostgresDatabase database, EmbeddedPostgres embedded) {
        this.database = database;
        this.embedded = embedded;
    }

    /** Opens a fresh database. */
    public static TestDatabase isolated() {
        String external = System.getenv("WA_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            byte[] suffix = new byte[6];
            new SecureRandom().nextBytes(suffix);
            String name = "wa_test_" + HexFormat.of().formatHex(suffix);
            return new TestDatabase(PostgresDatabase.open(databaseOn(external, name), 4), null);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new TestDatabase(PostgresDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                    "postgres", 4), postgres);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The database {@code name} on the server of {@code external} (created when missing), as a datastore URI.
     */
    public static String databaseOn(String external, String name) {
        PostgresConnection server = PostgresConnection.fromUri(external);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            boolean exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'").next();
            if (!exists) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        URI uri = URI.create(external.startsWith("jdbc:") ? external.substring(5) : external);
        return uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + name
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    public PostgresDatabase database() {
        return database;
    }

    @Override
    public void close() throws IOException {
        database.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
