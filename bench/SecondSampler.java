import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the machine, both JVMs' collectors and the embedded PostgreSQL did in each second of a phase, to put beside
 * that second's p99: where each process's CPU went (/proc), the host's idle, I/O-wait and steal shares (/proc/stat:
 * steal is time a hypervisor gave this machine's cores to another guest), the gateway's and the sandbox's GC pauses
 * ({@link GcClock}), PostgreSQL's WAL bytes and fsyncs, the buffers its checkpointer wrote, and a snapshot of what
 * its backends were doing at the second's end (wait events, autovacuum workers with the phase their vacuum or
 * analyze is in, a checkpoint under way, the oldest snapshot held 100 ms or more and by whom).
 *
 * <p>Started with a phase, on a platform thread of its own that reads at the phase's start plus each whole second
 * (the seconds of {@link SendTally#tailBySecond}); its readings are a few /proc files and one query a second. Owner:
 * the sampling thread writes {@link #seconds} until {@link #close()} joins it.
 */
final class SecondSampler implements AutoCloseable {

    /**
     * One second (the phase's last one may be shorter: {@code length}), every figure a rate: CPU in percent of one
     * core, except idle, I/O wait and steal (percent of all cores), GC pauses in ms per second, WAL and
     * checkpoint counts per second.
     */
    record Second(double length, double gateway, double postgres, double sandbox, double client, double idle,
                  double iowait, double steal, double gatewayGcMs, double sandboxGcMs, double walKb, double walSyncs,
                  double checkpointBuffers, String writes, String activity) {

        String row(int second, long p99Millis, long slow) {
            return String.format("| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f | %.0f "
                            + "| %.0f | %.0f | %.0f | %s | %s |",
                    length > 0.95 ? String.valueOf(second) : String.format("%d (%.2f s)", second, length),
                    p99Millis, slow, gateway, postgres, sandbox, client,
                    idle, iowait, steal, gatewayGcMs, sandboxGcMs, walKb, walSyncs, checkpointBuffers, writes,
                    activity.isEmpty() ? "-" : activity);
        }
    }

    static final String HEADER = "| second | p99 ms | sends over 50 ms | gateway % of a core | PostgreSQL | sandbox "
            + "| load client | machine idle % | I/O wait % | steal % | gateway GC pause ms | sandbox GC pause ms "
            + "| WAL kB | WAL fsyncs | checkpoint buffers written | most written tables, rows "
            + "| PostgreSQL at the second's end |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /** Background processes' idle waits: a checkpointer, WAL writer or launcher in one of these is doing nothing. */
    private static final String ACTIVITY = """
            select coalesce(string_agg(what || case when n > 1 then ' x' || n else '' end, ', ' order by n desc), '')
            from (select case when a.backend_type = 'autovacuum worker'
                                  then a.query || coalesce(' [' || v.phase || ']', '')
                                       || coalesce(' [' || z.phase || ']', '')
                              else a.backend_type || ' ' || coalesce(a.wait_event_type || ':' || a.wait_event, 'on CPU')
                         end as what, count(*) as n
                  from pg_stat_activity a
                  left join pg_stat_progress_vacuum v on v.pid = a.pid
                  left join pg_stat_progress_analyze z on z.pid = a.pid
                  where a.pid <> pg_backend_pid()
                    and (a.state = 'active' or (a.backend_type <> 'client backend' and coalesce(a.wait_event, '') not in
                         ('CheckpointerMain', 'WalWriterMain', 'BgWriterMain', 'BgWriterHibernate',
                          'AutoVacuumMain', 'LogicalLauncherMain', 'ArchiverMain')))
                  group by 1) waits""";
    /**
     * The oldest transaction holding a snapshot, when it has been open 100 ms or more: until it ends no row version
     * updated since can be pruned, so hot rows' chains and the indexes' dead entries grow (a snapshot held through the
     * webhook benchmark's steady phase took its p99 from 9 ms to 35 s, docs/benchmarks.md). An autovacuum ANALYZE
     * holds one while it runs; a VACUUM's own is listed too, though other sessions' pruning ignores it.
     */
    private static final String OLDEST_SNAPSHOT = """
            select 'snapshot held ' || round(extract(epoch from clock_timestamp() - a.xact_start) * 1000) || ' ms by '
                   || case when a.backend_type = 'client backend' then 'a client: ' else a.backend_type || ': ' end
                   || left(regexp_replace(a.query, '\\s+', ' ', 'g'), 60)
            from pg_stat_activity a
            where a.backend_xmin is not null and a.pid <> pg_backend_pid()
              and a.xact_start < clock_timestamp() - interval '100 milliseconds'
            order by a.xact_start limit 1""";
    /** Rows inserted, updated and deleted so far, by table (the collector's view: up to 500 ms late). */
    private static final String TABLE_WRITES = """
            select relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables""";
    private static final String COUNTS = """
            select w.wal_bytes, w.wal_sync, b.buffers_checkpoint from pg_stat_wal w, pg_stat_bgwriter b""";

    private final long gatewayPid;
    private final long sandboxPid;
    private final Path postgresData;
    private final Connection postgres;
    private final GcClock gatewayGc;
    private final GcClock sandboxGc;
    private final List<Second> seconds = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts sampling at {@code origin} (the phase's {@link System#nanoTime()}, as its tally's), seconds counted from
     * there; {@code postgres} is a connection of its own (the sampler's thread uses it alone, and
     * closes it), the clocks (either may be null) run for the whole run and stay open.
     */
    SecondSampler(long origin, long gatewayPid, long sandboxPid, Path postgresData, Connection postgres,
                  GcClock gatewayGc, GcClock sandboxGc) {
        this.gatewayPid = gatewayPid;
        this.sandboxPid = sandboxPid;
        this.postgresData = postgresData;
        this.postgres = postgres;
        this.gatewayGc = gatewayGc;
        this.sandboxGc = sandboxGc;
        this.thread = Thread.ofPlatform().daemon().name("second-sampler").start(() -> sample(origin));
    }

    private void sample(long origin) {
        Reading last = read();
        for (int second = 1; !stopped; second++) {
            long due = origin + TimeUnit.SECONDS.toNanos(second);
            for (long wait = due - System.nanoTime(); wait > 0 && !stopped; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (stopped && System.nanoTime() - last.at < TimeUnit.MILLISECONDS.toNanos(100)) {
                break; // a sliver of a second: its rates would be noise
            }
            Reading now = read(); // at close, the phase's last part of a second: the rows are rates per second
            seconds.add(now.since(last));
            last = now;
        }
    }

    /** The seconds sampled, once the phase ended: stops the thread and returns each whole second's figures. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (SQLException ignored) {
                // the readings are taken; a failed close leaves nothing behind the phase needs
            }
        }
    }

    /** Each whole second of the phase, in order; read after {@link #close()}. */
    List<Second> seconds() {
        return seconds;
    }

    private record Reading(long at, MachineCpu cpu, long[] host, double gatewayGc, double sandboxGc, long walBytes,
                           long walSyncs, long checkpointBuffers, Map<String, Long> tableWrites, String activity) {

        Second since(Reading before) {
            MachineCpu spent = cpu.since(before.cpu);
            double perSecond = 1e9 / Math.max(1, at - before.at);
            double all = 0;
            for (int i = 0; i < host.length; i++) {
                all += host[i] - before.host[i];
            }
            double share = all <= 0 ? 0 : 100 / all;
            double percent = 100 * perSecond;
            return new Second((at - before.at) / 1e9, percent * spent.gateway(), percent * spent.postgres(),
                    percent * spent.sandbox(), percent * spent.client(), share * (host[1] - before.host[1]),
                    share * (host[2] - before.host[2]), share * (host[3] - before.host[3]),
                    1000 * perSecond * (gatewayGc - before.gatewayGc),
                    1000 * perSecond * (sandboxGc - before.sandboxGc),
                    perSecond * (walBytes - before.walBytes) / 1024, perSecond * (walSyncs - before.walSyncs),
                    perSecond * (checkpointBuffers - before.checkpointBuffers), mostWritten(before, perSecond),
                    activity);
        }

        /** The three tables with the most rows written since {@code before}, per second. */
        private String mostWritten(Reading before, double perSecond) {
            return tableWrites.entrySet().stream()
                    .map(table -> Map.entry(table.getKey(),
                            table.getValue() - before.tableWrites.getOrDefault(table.getKey(), table.getValue())))
                    .filter(table -> table.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(3)
                    .map(table -> table.getKey() + " " + Math.round(table.getValue() * perSecond))
                    .reduce((a, b) -> a + ", " + b).orElse("-");
        }
    }

    private Reading read() {
        MachineCpu cpu = MachineCpu.read(gatewayPid, sandboxPid, postgresData);
        long[] host = hostTicks();
        long walBytes = 0;
        long walSyncs = 0;
        long checkpointBuffers = 0;
        String activity = "";
        Map<String, Long> tableWrites = new HashMap<>();
        if (postgres != null) {
            try (Statement statement = postgres.createStatement()) {
                try (ResultSet row = statement.executeQuery(COUNTS)) {
                    row.next();
                    walBytes = row.getLong(1);
                    walSyncs = row.getLong(2);
                    checkpointBuffers = row.getLong(3);
                }
                try (ResultSet rows = statement.executeQuery(TABLE_WRITES)) {
                    while (rows.next()) {
                        tableWrites.put(rows.getString(1), rows.getLong(2));
                    }
                }
                try (ResultSet row = statement.executeQuery(ACTIVITY)) {
                    row.next();
                    activity = row.getString(1);
                }
                try (ResultSet row = statement.executeQuery(OLDEST_SNAPSHOT)) {
                    if (row.next()) {
                        activity = activity.isEmpty() ? row.getString(1) : activity + "; " + row.getString(1);
                    }
                }
            } catch (SQLException e) {
                activity = "(" + e.getMessage() + ")";
            }
        }
        return new Reading(System.nanoTime(), cpu, host, gatewayGc == null ? 0 : gatewayGc.pauseSeconds(),
                sandboxGc == null ? 0 : sandboxGc.pauseSeconds(), walBytes, walSyncs, checkpointBuffers, tableWrites,
                activity);
    }

    /** {busy, idle, iowait, steal} clock ticks of all cores since boot (/proc/stat's first line). */
    private static long[] hostTicks() {
        try {
            // "cpu user nice system idle iowait irq softirq steal guest guest_nice"
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(cpu[i]);
            }
            return new long[] {busy, Long.parseLong(cpu[4]), Long.parseLong(cpu[5]), Long.parseLong(cpu[8])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }
}
