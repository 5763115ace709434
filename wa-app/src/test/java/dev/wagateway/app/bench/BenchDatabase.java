package dev.wagateway.app.bench;

import dev.wagateway.persistence.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A real PostgreSQL for a benchmark: {@code WA_TEST_DATABASE_URL}, else an embedded one of its own. */
final class BenchDatabase implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final PostgresDatabase database;

    BenchDatabase(int poolSize) {
        String external = System.getenv("WA_TEST_DATABASE_URL");
        try {
            if (external != null && !external.isBlank()) {
                embedded = null;
                database = PostgresDatabase.open(external, poolSize);
            } else {
                embedded = EmbeddedPostgres.builder().start();
                database = PostgresDatabase.open(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                        poolSize);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PostgresDatabase database() {
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
