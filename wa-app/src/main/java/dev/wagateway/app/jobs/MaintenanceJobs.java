package dev.wagateway.app.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's background jobs (api.md §8.8) on one timer thread: each job runs on a virtual thread when its cron
 * schedule fires, never two runs of one job at once, and a failing run is logged and the job rescheduled.
 *
 * <p>Owner of the timer: this object; {@link #close()} stops it.
 */
public final class MaintenanceJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceJobs.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("wa-maintenance").factory());
    private final Clock clock;

    /** @param clock the time zone and "now" the schedules follow */
    public MaintenanceJobs(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code job} (named {@code name} in the log) whenever {@code schedule} fires. */
    public void schedule(String name, CronSchedule schedule, Runnable job) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime next = schedule.next(now);
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        timer.schedule(() -> Thread.ofVirtual().name("job-" + name).start(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("job {} failed: {}", name, e.getMessage(), e);
            } finally {
                if (!timer.isShutdown()) {
                    schedule(name, schedule, job);
                }
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
