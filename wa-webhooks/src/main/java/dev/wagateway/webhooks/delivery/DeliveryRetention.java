package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes settled deliveries older than {@code WEBHOOK_DELIVERY_RETENTION_DAYS} (a daily job, api.md §7.8). Pending
 * deliveries are never deleted, however old: they are events still owed to a receiver.
 */
public final class DeliveryRetention implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);

    private final WebhookDeliveryRepository deliveries;
    private final Duration keep;
    private final Clock clock;

    /**
     * @param keep  how long settled rows stay visible in the logs ({@code Duration.ofDays(retentionDays)})
     * @param clock what "now" is, and the zone of {@link #scheduleDaily}
     */
    public DeliveryRetention(WebhookDeliveryRepository deliveries, Duration keep, Clock clock) {
        this.deliveries = deliveries;
        this.keep = keep;
        this.clock = clock;
    }

    /** Deletes now what is past retention; returns how many rows went. */
    public int purge() {
        int deleted = deliveries.deleteSettledBefore(clock.instant().minus(keep));
        log.info("webhook delivery retention: {} rows older than {} days deleted", deleted, keep.toDays());
        return deleted;
    }

    /** {@link #purge()}; failures are logged, not thrown, so a periodic schedule keeps running after one. */
    @Override
    public void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            // A scheduled executor cancels a periodic task whose run throws: one database hiccup must not end it.
            log.warn("webhook delivery retention failed (next run as scheduled): {}", e.toString());
        }
    }

    /**
     * Runs this every day at {@code at} in the clock's zone, starting with the next such time; the executor is the
     * caller's (it owns the thread and shuts it down). The period is a fixed 24 h, so across a daylight-saving change
     * the run drifts by the shift until the next restart: harmless for a cleanup.
     *
     * @return the handle to cancel the schedule
     */
    public ScheduledFuture<?> scheduleDaily(ScheduledExecutorService executor, LocalTime at) {
        return executor.scheduleAtFixedRate(this, untilNext(at).toMillis(), Duration.ofDays(1).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** From now to the next {@code at} in the clock's zone (today if still ahead, else tomorrow). */
    Duration untilNext(LocalTime at) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime next = now.with(at);
        if (!next.isAfter(now)) {
            next = now.plusDays(1).with(at);
        }
        return Duration.between(now, next);
    }
}
