package dev.wagateway.app.jobs;

import dev.wagateway.app.config.Config;
import dev.wagateway.app.config.GoDuration;
import dev.wagateway.app.database.SnapshotWatch;
import dev.wagateway.app.wiring.GatewayServices;
import dev.wagateway.persistence.SnapshotHorizon;
import dev.wagateway.protocol.version.WebVersions;
import dev.wagateway.webhooks.delivery.DeliveryRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/** The gateway's periodic jobs (api.md §8.8) that the configuration enables, and which schedule each keeps. */
public final class GatewayJobs {

    private static final Logger log = LoggerFactory.getLogger(GatewayJobs.class);
    /** Delivery log retention runs daily at 04:00, as the original's. */
    private static final String WEBHOOK_RETENTION_SPEC = "0 0 4 * * *";
    private static final String MEDIA_RETENTION_SPEC = "0 30 4 * * *";
    /** The event log is pruned hourly: its retention is counted in hours. */
    private static final String EVENT_RETENTION_SPEC = "0 0 * * * *";
    /** The original's health check runs every five minutes, not configurable. */
    private static final String HEALTH_CHECK_SPEC = "0 */5 * * * *";
    /** A long transaction on the database is looked for twice a minute ({@link SnapshotWatch}). */
    private static final String SNAPSHOT_WATCH_SPEC = "*/30 * * * * *";

    private GatewayJobs() {
    }

    /**
     * Schedules the jobs on a timer of their own.
     *
     * @param database    the gateway's database (for the snapshot watch)
     * @param webVersions the web version the sessions announce (for its daily refresh)
     * @return the timer, which the caller closes
     */
    public static MaintenanceJobs start(Config config, GatewayServices services, DataSource database,
                                        WebVersions webVersions, Clock clock) {
        MaintenanceJobs jobs = new MaintenanceJobs(clock);
        jobs.schedule("snapshot-watch", CronSchedule.parse(SNAPSHOT_WATCH_SPEC, GoDuration::parse),
                new SnapshotWatch(new SnapshotHorizon(database), SnapshotWatch.WARN_AFTER,
                        SnapshotWatch.REPEAT_EVERY, clock)::check);
        if (config.whatsapp().healthCheckCronEnabled()) {
            jobs.schedule("health-check", CronSchedule.parse(HEALTH_CHECK_SPEC, GoDuration::parse),
                    () -> services.sessions().recover());
        }
        if (config.webhooks().enabled()) {
            jobs.schedule("webhook-retention", CronSchedule.parse(WEBHOOK_RETENTION_SPEC, GoDuration::parse),
                    new DeliveryRetention(services.store().deliveries(),
                            Duration.ofDays(config.webhooks().deliveryRetentionDays()), clock));
        }
        Duration mediaRetention = config.media().retention();
        if (!mediaRetention.isZero()) {
            jobs.schedule("media-retention", CronSchedule.parse(MEDIA_RETENTION_SPEC, GoDuration::parse), () -> {
                try {
                    int deleted = services.mediaStore().deleteOlderThan(clock.instant().minus(mediaRetention));
                    log.info("media retention: {} received files older than {} deleted", deleted, mediaRetention);
                } catch (IOException e) {
                    log.warn("media retention failed: {}", e.getMessage());
                }
            });
        }
        if (config.observability().eventStreamEnabled()) {
            Duration retention = Duration.ofHours(config.observability().eventRetentionHours());
            jobs.schedule("event-log-retention", CronSchedule.parse(EVENT_RETENTION_SPEC, GoDuration::parse),
                    () -> services.store().eventLog().deleteBefore(clock.instant().minus(retention)));
        }
        if (config.whatsapp().versionRefreshCronEnabled()) {
            jobs.schedule("web-version-refresh", CronSchedule.parse(config.whatsapp().versionRefreshCronSpec(),
                    GoDuration::parse), () -> webVersions.refresh(config.whatsapp().versionRefreshCronForce()));
        }
        if (config.whatsapp().deviceRecoveryCronEnabled()) {
            jobs.schedule("device-recovery", CronSchedule.parse(config.whatsapp().deviceRecoveryCronSpec(),
                    GoDuration::parse), () -> services.sessions().recover());
        }
        return jobs;
    }
}
