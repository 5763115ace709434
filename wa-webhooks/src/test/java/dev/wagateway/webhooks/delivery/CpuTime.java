package dev.wagateway.webhooks.delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far by this JVM and by the embedded PostgreSQL server (its postmaster, background processes
 * and backends), read from {@code /proc}. On a machine shared with other work the CPU a delivery
 * costs is steadier than the deliveries per second, which depend on what the others leave.
 *
 * @param jvmSeconds      this process
 * @param postgresSeconds the postmaster and every process under it (zero where {@code /proc} is not there)
 */
record CpuTime(double jvmSeconds, double postgresSeconds) {

    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    static CpuTime now(ProcessHandle postmaster) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double postgres = (ticksOf(postmaster) + postmaster.descendants().mapToDouble(CpuTime::ticksOf).sum()) / TICKS;
        return new CpuTime(jvm, postgres);
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(jvmSeconds - earlier.jvmSeconds, postgresSeconds - earlier.postgresSeconds);
    }

    /** utime + stime of a process; a process gone meanwhile counts nothing. */
    private static double ticksOf(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
