package dev.wagateway.webhooks.delivery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's own state once a second during a steady phase, printed after it: the outbox table's live and dead
 * rows and its autovacuum/autoanalyze runs (pg_stat_user_tables), whether a vacuum is running, checkpoints and the
 * buffers they and the backends wrote (pg_stat_bgwriter), WAL bytes, and how long the oldest transaction holding a
 * snapshot has been open (pg_stat_activity): while one is, no row version updated since can be pruned, and every
 * claim walks the outbox rows' dead versions (a snapshot held through the steady phase took its p99 from 9 ms to 35 s,
 * docs/benchmarks.md). What the delay by second is set against.
 * Owner of its one sampling thread and connection. Not part of the gateway.
 */
final class ServerSampler implements AutoCloseable {

    private record Sample(long at, long live, long dead, long autovacuums, long autoanalyzes, long vacuuming,
                          long checkpoints, long checkpointBuffers, long backendBuffers, long walBytes,
                          long oldestSnapshotMillis) {
    }

    private static final String QUERY = """
            select coalesce(t.n_live_tup, 0), coalesce(t.n_dead_tup, 0), coalesce(t.autovacuum_count, 0),
                   coalesce(t.autoanalyze_count, 0),
                   (select count(*) from pg_stat_progress_vacuum),
                   b.checkpoints_timed + b.checkpoints_req, b.buffers_checkpoint, b.buffers_backend,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (select coalesce(max(extract(epoch from clock_timestamp() - a.xact_start)) * 1000, 0)::bigint
                    from pg_stat_activity a where a.backend_xmin is not null and a.pid <> pg_backend_pid())
            from pg_stat_bgwriter b
            left join pg_stat_user_tables t on t.relname = 'wa_webhook_deliveries'""";

    private final Connection connection;
    private final List<Sample> samples = new ArrayList<>();
    private final long began;
    private final Thread thread;
    private volatile boolean running = true;

    ServerSampler(Connection connection, long began) {
        this.connection = connection;
        this.began = began;
        this.thread = Thread.ofPlatform().daemon(true).name("bench-server-sampler").start(this::loop);
    }

    private void loop() {
        try (Statement statement = connection.createStatement()) {
            while (running) {
                try (ResultSet rs = statement.executeQuery(QUERY)) {
                    rs.next();
                    synchronized (samples) {
                        samples.add(new Sample(System.nanoTime(), rs.getLong(1), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                rs.getLong(9), rs.getLong(10)));
                    }
                }
                // the statistics collector publishes at most every 500 ms; one sample a second is what it can tell
                Thread.sleep(1000);
            }
        } catch (SQLException e) {
            System.out.println("server sampler: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
        System.out.println("  PostgreSQL by second (t from the phase's start): live/dead rows of the outbox, "
                + "autovacuum/autoanalyze runs so far, vacuum running, checkpoints, buffers written by checkpoint / "
                + "backends, WAL kB since the last sample, the oldest snapshot's age");
        synchronized (samples) {
            Sample previous = null;
            for (Sample s : samples) {
                System.out.printf("    %5.1fs live %d dead %d av %d aa %d vac %d ckpt %d bufs %d/%d wal %d kB"
                                + " snapshot %d ms%n",
                        (s.at() - began) / 1e9, s.live(), s.dead(), s.autovacuums(), s.autoanalyzes(),
                        s.vacuuming(), s.checkpoints(),
                        previous == null ? 0 : s.checkpointBuffers() - previous.checkpointBuffers(),
                        previous == null ? 0 : s.backendBuffers() - previous.backendBuffers(),
                        previous == null ? 0 : (s.walBytes() - previous.walBytes()) / 1024, s.oldestSnapshotMillis());
                previous = s;
            }
        }
    }
}
