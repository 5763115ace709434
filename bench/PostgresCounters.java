import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The embedded PostgreSQL's own counters (pg_stat_database, pg_stat_wal; PostgreSQL 14), read over one connection of
 * this load client: transactions committed, WAL flushes to disk (fsyncs), WAL writes and bytes, rows inserted and
 * updated, all databases together. Divided by a phase's sends they are work per send, whatever the machine's load.
 *
 * <p>Backends report their counts to the statistics collector at most every 500 ms, so a reading misses up to that
 * much of each busy connection's latest work; over a phase of thousands of sends that is a small error, and it is
 * made at both ends of a phase. The readings themselves are a transaction each (one per phase end).
 */
final class PostgresCounters implements AutoCloseable {

    /** One reading; {@link #since} makes it a phase's. */
    record Counts(long commits, long walSyncs, long walWrites, long walBytes, long inserted, long updated) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        Counts since(Counts before) {
            return new Counts(commits - before.commits, walSyncs - before.walSyncs, walWrites - before.walWrites,
                    walBytes - before.walBytes, inserted - before.inserted, updated - before.updated);
        }
    }

    private final Connection connection;

    private PostgresCounters(Connection connection) {
        this.connection = connection;
    }

    /** Connects to the server whose data directory is {@code data} (its port is in postmaster.pid), or null. */
    static PostgresCounters open(Path data) {
        Connection connection = connect(data);
        return connection == null ? null : new PostgresCounters(connection);
    }

    /** A connection of its own to the server whose data directory is {@code data}, or null (the reason printed). */
    static Connection connect(Path data) {
        if (data == null) {
            return null;
        }
        try {
            List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
            int port = Integer.parseInt(pid.get(3).trim()); // pid, data directory, start time, port, ...
            Class.forName("org.postgresql.Driver"); // the gateway's jar, shaded: its service file may be merged away
            Properties login = new Properties();
            login.setProperty("user", "postgres");
            login.setProperty("password", "postgres");
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", login);
        } catch (Exception e) {
            System.out.println("PostgreSQL counters unavailable: " + e.getMessage());
            return null;
        }
    }

    /** The counters now (a fresh statistics snapshot: each query is its own transaction). */
    Counts read() {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
                select (select sum(xact_commit) from pg_stat_database),
                       w.wal_sync, w.wal_write, w.wal_bytes,
                       (select sum(tup_inserted) from pg_stat_database),
                       (select sum(tup_updated) from pg_stat_database)
                from pg_stat_wal w""")) {
            row.next();
            return new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
                    row.getLong(6));
        } catch (SQLException e) {
            System.out.println("PostgreSQL counters: " + e.getMessage());
            return Counts.NONE;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
