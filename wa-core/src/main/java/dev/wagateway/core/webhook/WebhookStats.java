package dev.wagateway.core.webhook;

/** The admin's webhook statistics (api.md row 6). */
public record WebhookStats(long totalWebhooks, long activeWebhooks, long totalDeliveries, long successDeliveries,
                           long failedDeliveries, long pendingDeliveries) {

    /** Successful deliveries in percent of all, 0 when there are none. */
    public double successRate() {
        return totalDeliveries == 0 ? 0.0 : successDeliveries * 100.0 / totalDeliveries;
    }
}
