package dev.wagateway.webhooks.delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by this JVM and by the embedded PostgreSQL server (its postmaster, background processes
 * and backends), read from {@code /proc}. On a machine shared with other work the CPU a delivery
 * costs is steadier than the deliveries per second, which depend on what the others leave.
 *
 * <p>Within the JVM, the threads are told apart by name ({@code /proc/self/task/<tid>/comm}, 15 characters): the
 * benchmark's receiver (its executor's threads, named {@link #RECEIVER_THREADS}, and the JDK server's dispatcher),
 * which is not the gateway's cost; the JIT compilers; the garbage collector. Only live threads are counted there, so
 * those three are slight underestimates when such a thread ended meanwhile (a compiler thread can).
 *
 * @param jvmSeconds      this process
 * @param postgresSeconds the postmaster and every process under it (zero where {@code /proc} is not there)
 * @param receiverSeconds the benchmark's HTTP receiver, part of {@code jvmSeconds}
 * @param jitSeconds      the JIT compiler threads, part of {@code jvmSeconds}
 * @param gcSeconds       the garbage collector's threads, part of {@code jvmSeconds}
 * @param jvmSwitches     voluntary context switches of the JVM's live threads (a thread that blocked: a hand-over
 *                        between threads, or a wait for I/O), a count that does not depend on the machine's load
 * @param postgresSwitches the same for PostgreSQL's live processes
 */
record CpuTime(double jvmSeconds, double postgresSeconds, double receiverSeconds, double jitSeconds,
               double gcSeconds, long jvmSwitches, long postgresSwitches) {

    /** The name prefix of the receiver's threads. */
    static final String RECEIVER_THREADS = "bench-receiver-";

    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on every Linux this runs on. */
    private static final double TICKS = 100.0;

    static CpuTime now(ProcessHandle postmaster) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        double postgres = (ticksOf(postmaster) + postmaster.descendants().mapToDouble(CpuTime::ticksOf).sum()) / TICKS;
        double receiver = 0;
        double jit = 0;
        double gc = 0;
        long switches = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name = comm(task);
                double seconds = ticks(task.resolve("stat")) / TICKS;
                switches += voluntarySwitches(task);
                if (name.startsWith(RECEIVER_THREADS) || name.equals("HTTP-Dispatcher")) {
                    receiver += seconds;
                } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    jit += seconds;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += seconds;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the whole JVM only
        }
        long postgresSwitches = voluntarySwitches(Path.of("/proc", Long.toString(postmaster.pid())))
                + postmaster.descendants().mapToLong(p -> voluntarySwitches(Path.of("/proc", Long.toString(p.pid()))))
                .sum();
        return new CpuTime(jvm, postgres, receiver, jit, gc, switches, postgresSwitches);
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(jvmSeconds - earlier.jvmSeconds, postgresSeconds - earlier.postgresSeconds,
                receiverSeconds - earlier.receiverSeconds, jitSeconds - earlier.jitSeconds,
                gcSeconds - earlier.gcSeconds, jvmSwitches - earlier.jvmSwitches,
                postgresSwitches - earlier.postgresSwitches);
    }

    /** The JVM without the benchmark's receiver: what the gateway's side of the deliveries cost (JIT and GC too). */
    double gatewaySeconds() {
        return jvmSeconds - receiverSeconds;
    }

    private static long voluntarySwitches(Path process) {
        try {
            for (String line : Files.readAllLines(process.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return 0;
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** utime + stime of a process; a process gone meanwhile counts nothing. */
    private static double ticksOf(ProcessHandle process) {
        return ticks(Path.of("/proc", Long.toString(process.pid()), "stat"));
    }

    private static double ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
