package dev.wagateway.app.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server still running on the data folder after the process that started it died ({@code kill -9}, an
 * out-of-memory kill): {@code pg_ctl start} detaches the server, so it outlives its gateway and holds the folder, and
 * the next start would give up waiting for a server that can never start. Found through the folder's
 * {@code postmaster.pid}, checked to be a postgres whose working folder (or command line) is that folder, and stopped
 * the way {@code pg_ctl stop -m fast} does: its clients are gone, its data is checkpointed.
 *
 * <p>Only called while holding the {@link DataFolderLock}, so the server found cannot belong to a live gateway.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private StalePostmaster() {
    }

    /**
     * Stops the postmaster left on {@code dataDirectory}, if any, and waits for the server processes it leaves (a
     * killed postmaster's backends hold its shared memory for a moment, and a new server refuses to start while they
     * do); returns whether a postmaster was stopped.
     */
    static boolean stopIfRunning(Path dataDirectory) {
        boolean stopped = stopPostmaster(dataDirectory);
        awaitOrphans(dataDirectory);
        return stopped;
    }

    private static boolean stopPostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = pidOf(pidFile);
        if (pid.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(PostgresProcesses::isRunning);
        if (process.isEmpty()) {
            // A dead pid: PostgreSQL itself replaces such a lock file when it starts.
            return false;
        }
        if (!PostgresProcesses.isPostgresFor(process.get(), dataDirectory)) {
            // The pid now belongs to an unrelated process (a reboot reused it): the lock file is stale, and PostgreSQL
            // would refuse to start while that process lives.
            log.warn("{} names pid {}, which is not a PostgreSQL server of this folder: removing the stale lock file",
                    pidFile, pid.get());
            deleteQuietly(pidFile);
            return false;
        }
        log.warn("a PostgreSQL server (pid {}) left running on {} by a gateway that did not stop cleanly: stopping it",
                pid.get(), dataDirectory);
        stop(process.get(), dataDirectory);
        return true;
    }

    /** Waits for (and finally kills) the postgres processes still working in {@code dataDirectory}. */
    private static void awaitOrphans(Path dataDirectory) {
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> PostgresProcesses.isPostgresFor(process, dataDirectory)).toList();
        for (ProcessHandle orphan : orphans) {
            if (!awaitExit(orphan)) {
                log.warn("a PostgreSQL process (pid {}) of {} did not exit: killing it", orphan.pid(), dataDirectory);
                orphan.destroyForcibly();
                awaitExit(orphan);
            }
        }
    }

    private static Optional<Long> pidOf(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            // Missing, or being written by a server starting this very moment: nothing left behind to stop.
            return Optional.empty();
        }
    }

    private static void stop(ProcessHandle postmaster, Path dataDirectory) {
        Path pgCtl = Path.of(postmaster.info().command().orElseThrow()).resolveSibling("pg_ctl");
        if (Files.isExecutable(pgCtl) && pgCtlStop(pgCtl, dataDirectory)) {
            awaitExit(postmaster);
            return;
        }
        // No pg_ctl beside it: SIGTERM, a smart shutdown, which ends at once since its clients died with the JVM.
        postmaster.destroy();
        if (!awaitExit(postmaster)) {
            log.warn("the PostgreSQL server (pid {}) did not stop in {}: killing it (the next start recovers "
                    + "from its write-ahead log)", postmaster.pid(), STOP_WAIT);
            postmaster.destroyForcibly();
            awaitExit(postmaster);
        }
    }

    private static boolean pgCtlStop(Path pgCtl, Path dataDirectory) {
        try {
            Process process = new ProcessBuilder(pgCtl.toString(), "-D", dataDirectory.toString(), "stop", "-m",
                    "fast", "-w", "-t", Long.toString(STOP_WAIT.toSeconds()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(STOP_WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        return PostgresProcesses.awaitExit(process, STOP_WAIT);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}
