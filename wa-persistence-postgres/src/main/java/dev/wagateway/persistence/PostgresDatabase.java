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
 * ({@code classpath:db/migration}) before anything else uses it, and the {@link Jdbi} the adapters share; and a
 * second pool of {@value #LEASE_CONNECTIONS} connections for the lease keeper alone.
 */
public final class PostgresDatabase implements AutoCloseable {

    /**
     * The lease keeper's own connections. Renewing this node's leases must not queue behind the requests: in the
     * 200-device soak on a loaded machine every pooled connection was busy (212 waiting), the renewals timed out
     * in the pool, and the node stopped its own devices when their leases ran out, with nobody else to take them.
     */
    static final int LEASE_CONNECTIONS = 2;

    private final HikariDataSource dataSource;
    private final HikariDataSource leaseDataSource;
    private final Jdbi jdbi;
    private final Jdbi leaseJdbi;

    private PostgresDatabase(HikariDataSource dataSource, HikariDataSource leaseDataSource) {
        this.dataSource = dataSource;
        this.leaseDataSource = leaseDataSource;
        this.jdbi = newJdbi(dataSource);
        this.leaseJdbi = newJdbi(leaseDataSource);
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
        HikariDataSource dataSource = new HikariDataSource(pool(connection, "wa-gateway", poolSize,
                Math.min(2, poolSize)));
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new PostgresDatabase(dataSource, new HikariDataSource(pool(connection, "wa-gateway-leases",
                    LEASE_CONNECTIONS, 1)));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariConfig pool(PostgresConnection connection, String name, int size, int minimumIdle) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(connection.jdbcUrl());
        config.setUsername(connection.user());
        config.setPassword(connection.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        config.setPoolName(name);
        config.setConnectionTimeout(10_000);
        return config;
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

    /** The lease keeper's {@link Jdbi}, over connections of its own (see {@link #LEASE_CONNECTIONS}). */
    public Jdbi leaseJdbi() {
        return leaseJdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        leaseDataSource.close();
        dataSource.close();
    }
}
