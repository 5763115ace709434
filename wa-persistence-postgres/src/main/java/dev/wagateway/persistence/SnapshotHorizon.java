package dev.wagateway.persistence;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Which transaction on the gateway's database has held a snapshot longest. While one is open no row version
 * updated after it began can be removed, and the webhook outbox, whose rows are claimed and settled by updates
 * thousands of times a second, slows down with every version it must step over (docs/benchmarks.md, "a snapshot
 * held": a {@code pg_dump}-like snapshot took deliveries at 1,000 events/s from a 9-ms p99 to 35 s).
 *
 * <p>Only sessions of this database count (vacuum of its tables ignores other databases' snapshots), and autovacuum
 * workers are left out: a vacuum's own snapshot holds nothing back and an analyze's lasts seconds. A role that is
 * neither a superuser nor a member of {@code pg_read_all_stats} sees no snapshot of other roles' sessions:
 * {@link #seesEverySession()} tells. Stateless; each call borrows a connection.
 */
public final class SnapshotHorizon {

    private static final String OLDEST = """
            select a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''),
                   coalesce(host(a.client_addr), ''), coalesce(a.state, ''), a.xact_start,
                   (extract(epoch from clock_timestamp() - a.xact_start) * 1000)::bigint, left(a.query, 200)
            from pg_stat_activity a
            where a.pid <> pg_backend_pid() and a.datname = current_database() and a.xact_start is not null
              and (a.backend_xmin is not null or a.backend_xid is not null)
              and a.backend_type <> 'autovacuum worker'
            order by a.xact_start
            limit 1""";
    private static final String SEES_EVERY_SESSION = """
            select r.rolsuper or pg_has_role(current_user, 'pg_read_all_stats', 'member')
            from pg_roles r where r.rolname = current_user""";

    private final DataSource dataSource;

    /** @param dataSource the gateway's database */
    public SnapshotHorizon(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The other session whose transaction holding a snapshot or a transaction id began first, if any. */
    public Optional<SnapshotHolder> oldestHolder() {
        try (Connection connection = dataSource.getConnection()) {
            return oldestHolder(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_activity failed: " + e.getMessage(), e);
        }
    }

    /** Whether this role sees every session's snapshot (a superuser, or a member of {@code pg_read_all_stats}). */
    public boolean seesEverySession() {
        try (Connection connection = dataSource.getConnection()) {
            return seesEverySession(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the role's privileges failed: " + e.getMessage(), e);
        }
    }

    static Optional<SnapshotHolder> oldestHolder(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OLDEST);
             ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String query = rs.getString(8);
            return Optional.of(new SnapshotHolder(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getTimestamp(6).toInstant(), Duration.ofMillis(Math.max(0, rs.getLong(7))),
                    query == null ? "" : query));
        }
    }

    static boolean seesEverySession(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SEES_EVERY_SESSION);
             ResultSet rs = statement.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
