package dev.wagateway.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The PostgreSQL the tests of this module use: {@code WA_TEST_DATABASE_URL} when set, else one embedded server for
 * the whole test run. Tests never assume an empty database: they create their own rows and measure deltas.
 */
public final class TestDatabase {

    private static PostgresDatabase database;

    private TestDatabase() {
    }

    /** The database, started on first use and stopped when the test JVM exits. */
    public static synchronized PostgresDatabase get() {
        if (database == null) {
            String external = System.getenv("WA_TEST_DATABASE_URL");
            if (external != null && !external.isBlank()) {
                database = PostgresDatabase.open(external, 16);
            } else {
                try {
                    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                    database = PostgresDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                            "postgres", 16);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        database.close();
                        try {
                            postgres.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return database;
    }
}
