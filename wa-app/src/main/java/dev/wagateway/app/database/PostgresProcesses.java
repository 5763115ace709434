package dev.wagateway.app.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Facts about PostgreSQL server processes on this machine, read from the operating system: which belong to a data
 * folder, whether they still run. The processes are not this JVM's children ({@code pg_ctl} detaches the server), so
 * there is no exit status to wait for, only the process table to look at.
 */
final class PostgresProcesses {

    private static final Duration POLL = Duration.ofMillis(50);

    private PostgresProcesses() {
    }

    /** Alive and not a zombie (a process nobody reaped still answers {@code kill -0}). */
    static boolean isRunning(ProcessHandle process) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (!process.isAlive()) {
            return !surelyGone(stat);
        }
        try {
            String line = Files.readString(stat);
            // "pid (comm) S ...": the state follows the command name's closing parenthesis
            int end = line.lastIndexOf(')');
            return end < 0 || end + 2 >= line.length() || line.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive();
        }
    }

    /**
     * Whether a process {@link ProcessHandle#isAlive} called dead is. The JDK reads {@code /proc/<pid>/stat} to
     * answer, and a process out of file descriptors (a flood of HTTP connections) reads nothing and is told "dead"
     * of a live server: the gateway then restarted a running database, failed, and stopped. A process whose
     * {@code /proc} entry still exists ({@code stat(2)} needs no descriptor) is gone only when its stat file can be
     * read (the pid then belongs to another process, or to a zombie); unreadable, it is not known dead, and the next
     * look decides.
     */
    private static boolean surelyGone(Path stat) {
        if (!Files.exists(stat.getParent())) {
            return true;
        }
        try {
            Files.readAllBytes(stat);
            return true;
        } catch (IOException e) {
            return !Files.exists(stat.getParent());
        }
    }

    /**
     * A {@code postgres} executable working in {@code dataDirectory}: the postmaster and every backend change to their
     * data folder, and the postmaster's command line names it.
     */
    static boolean isPostgresFor(ProcessHandle process, Path dataDirectory) {
        Optional<String> command = process.info().command();
        if (command.isEmpty() || !Path.of(command.get()).getFileName().toString().equals("postgres")) {
            return false;
        }
        Path expected = realPath(dataDirectory);
        Path workingFolder = Path.of("/proc", Long.toString(process.pid()), "cwd");
        if (Files.exists(workingFolder) && realPath(workingFolder).equals(expected)) {
            return true;
        }
        return process.info().commandLine().map(line -> line.contains(expected.toString())
                || line.contains(dataDirectory.toString())).orElse(false);
    }

    /** Waits up to {@code timeout} for {@code process} to end; returns whether it did. */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
