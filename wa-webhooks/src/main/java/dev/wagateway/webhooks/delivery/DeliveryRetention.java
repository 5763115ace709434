package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Deletes settled deliveries older than {@code WEBHOOK_DELIVERY_RETENTION_DAYS} (a daily job, api.md §7.8). */
public final class DeliveryRetention implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);

    private final WebhookDeliveryRepository deliveries;
    private final Duration keep;
    private final Clock clock;

    /** @param keep how long settled rows stay visible in the logs */
    public DeliveryRetention(WebhookDeliveryRepository deliveries, Duration keep, Clock clock) {
        this.deliveries = deliveries;
        this.keep = keep;
        this.clock = clock;
    }

    @Override
    public void run() {
        int deleted = deliveries.deleteSettledBefore(clock.instant().minus(keep));
        log.info("webhook delivery retention: {} rows older than {} days deleted", deleted, keep.toDays());
    }
}
