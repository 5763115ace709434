package dev.wagateway.app.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Watches the embedded server's postmaster and reports its death, so the gateway never runs on without a database: a
 * thread of its own checks the process every {@code interval} (a postmaster is not this JVM's child: {@code pg_ctl}
 * detached it, so there is no exit status to wait for).
 */
final class PostmasterWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts watching: {@code postmaster} gives the process to watch now (it changes after a restart), {@code onDeath}
     * runs on the watchdog's thread when it is found dead, and the watch goes on after it returns.
     */
    PostmasterWatchdog(Duration interval, Supplier<ProcessHandle> postmaster, Runnable onDeath) {
        this.thread = Thread.ofPlatform().daemon().name("embedded-postgres-watchdog").unstarted(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopped && !PostgresProcesses.isRunning(postmaster.get())) {
                    try {
                        onDeath.run();
                    } catch (RuntimeException e) {
                        log.error("embedded PostgreSQL recovery failed: {}", e.getMessage(), e);
                    }
                }
            }
        });
        thread.start();
    }

    @Override
    public void close() {
        stopped = true;
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }
}
