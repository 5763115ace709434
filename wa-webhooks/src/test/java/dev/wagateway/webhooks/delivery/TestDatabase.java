package dev.wagateway.webhooks.delivery;

import dev.wagateway.persistence.PostgresConnection;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL these tests use: {@code WA_TEST_DATABASE_URL} when set, else one embedded server for the whole run
 * (the idea of wa-persistence-postgres' own test database). Tests never assume an empty database: each makes its own
 * device and webhooks and looks only at their rows.
 */
final class TestDatabase {

    private static PostgresConnection connection;
    private static PostgresGatewayStore store;
    private static PostgresDatabase database;

    private TestDatabase() {
    }

    /** Plain SQL on the shared pool, for what the repositories do not show (leases). */
    static synchronized Jdbi jdbi() {
        store();
        return database.jdbi();
    }

    /** The shared store over one pool, opened on first use and closed when the JVM exits. */
    static synchronized PostgresGatewayStore store() {
        if (store == null) {
            connection = connection();
            database = PostgresDatabase.open(connection, 16);
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            store = new PostgresGatewayStore(database);
        }
        return store;
    }

    /**
     * A second, separate pool on the same database: what another gateway process would hold. Closing it is how a
     * test makes "that process" die: its claims stay in the database, its settlements can no longer be written.
     */
    static synchronized PostgresDatabase anotherProcess() {
        store();
        return PostgresDatabase.open(connection, 4);
    }

    private static PostgresConnection connection() {
        String external = System.getenv("WA_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            return PostgresConnection.fromUri(external);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            return new PostgresConnection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
