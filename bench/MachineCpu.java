import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went, read from /proc: the gateway's JVM, the embedded PostgreSQL (its postmaster and every
 * process under it), the sandbox, this load client's own JVM, and the machine as a whole (busy and idle time of all
 * cores, /proc/stat). Two readings a phase apart say where each core-second of the phase went, the rest of the machine
 * (other programs) included.
 *
 * <p>PostgreSQL starts and ends a backend per pooled connection and its background workers come and go, so its CPU is
 * the postmaster's own time, plus the time of the children it already reaped (its cutime and cstime), plus the time of
 * each child living at the reading (with their own reaped children): a backend that ends between two readings moves
 * from the last sum into the postmaster's cutime, and is counted once.
 */
record MachineCpu(double gateway, double postgres, double sandbox, double client, double busy, double idle,
                  double iowait, String loadAverage) {

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** Reads now; a pid of 0 (or a missing data directory) reads as 0 seconds. */
    static MachineCpu read(long gatewayPid, long sandboxPid, Path postgresData) {
        double[] machine = machine();
        return new MachineCpu(own(gatewayPid), postgres(postgresData), own(sandboxPid),
                own(ProcessHandle.current().pid()), machine[0], machine[1], machine[2], readLoadAverage());
    }

    /** What was spent from {@code before} to this reading. */
    MachineCpu since(MachineCpu before) {
        return new MachineCpu(gateway - before.gateway, postgres - before.postgres, sandbox - before.sandbox,
                client - before.client, busy - before.busy, idle - before.idle, iowait - before.iowait,
                before.loadAverage + " → " + loadAverage);
    }

    /** CPU seconds of the whole machine that none of the four processes took (other programs, the kernel's own). */
    double rest() {
        return Math.max(0, busy - gateway - postgres - sandbox - client);
    }

    /** The machine's idle share of the span (I/O wait included), in percent of all cores. */
    double idlePercent() {
        return busy + idle + iowait <= 0 ? 0 : 100 * (idle + iowait) / (busy + idle + iowait);
    }

    /** The part of {@link #idlePercent()} that was I/O wait (a core idle while a disk write, an fsync, was due). */
    double iowaitPercent() {
        return busy + idle + iowait <= 0 ? 0 : 100 * iowait / (busy + idle + iowait);
    }

    /** utime + stime of one process (its threads included, its children not), in seconds. */
    private static double own(long pid) {
        long[] times = times(pid);
        return times == null ? 0 : (times[1] + times[2]) / TICKS;
    }

    /** The postmaster named in the data directory and everything under it, reaped children included. */
    private static double postgres(Path data) {
        if (data == null) {
            return 0;
        }
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] times = times(pid);
                if (times != null && (pid == postmaster || times[0] == postmaster)) {
                    ticks += times[1] + times[2] + times[3] + times[4];
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / TICKS;
    }

    /** {ppid, utime, stime, cutime, cstime} of {@code pid} in clock ticks, or null when it is gone. */
    private static long[] times(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // after the command's closing parenthesis: state [0], ppid [1], ... utime [11], stime [12], cutime [13],
            // cstime [14]
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {busy, idle, iowait} seconds of all cores since boot. */
    private static double[] machine() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] cpu = lines.getFirst().trim().split("\\s+"); // "cpu user nice system idle iowait irq softirq steal"
            long busy = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]);
            }
            return new double[] {busy / TICKS, Long.parseLong(cpu[4]) / TICKS, Long.parseLong(cpu[5]) / TICKS};
        } catch (IOException | RuntimeException e) {
            return new double[] {0, 0, 0};
        }
    }

    /** The one-minute load average. */
    private static String readLoadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
