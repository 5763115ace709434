package dev.wagateway.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import javax.sql.DataSource;

/**
 * The gateway's PostgreSQL database: a HikariCP pool, the schema brought up to date by Flyway
 * ({@code classpath:db/migration}) before anything else uses it, and the {@link Jdbi} the adapters share.
 */
public final class PostgresDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private PostgresDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = newJdbi(dataSource);
    }

    private static Jdbi newJdbi(DataSource dataSource) {
        return Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
    }

    /**
     * A {@link Jdbi} of its own over the same pool, for a caller that decorates every handle it gives out (the
     * lease fence of a device's protocol store).
     */
    public Jdbi separateJdbi() {
        return newJdbi(dataSource);
    }

    /** Opens a pool on {@code connection} and migrates the schema; fails with the database's reason otherwise. */
    public static PostgresDatabase open(PostgresConnection connection, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(connection.jdbcUrl());
        config.setUsername(connection.user());
        config.setPassword(connection.password());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("wa-gateway");
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new PostgresDatabase(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** {@link #open(PostgresConnection, int)} from a {@code postgres://} datastore URI. */
    public static PostgresDatabase open(String datastoreUri, int poolSize) {
        return open(PostgresConnection.fromUri(datastoreUri), poolSize);
    }

    /** {@link #open(PostgresConnection, int)} from a JDBC URL and credentials. */
    public static PostgresDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        return open(new PostgresConnection(jdbcUrl, user, password), poolSize);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
