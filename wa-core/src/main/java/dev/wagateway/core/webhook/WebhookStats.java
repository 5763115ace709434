package dev.wagateway.core.webhook;

/** The admin's webhook statistics (api.md row 6). */
public record WebhookStats(long totalWebhooks, long activeWebhooks, long totalDeliveries, long successDeliveries,
                           long failedDeliveries, long pendingDeliveries) {

    /**
     * Successful deliveries in percent of the settled ones (api.md row 6), 0 when none is settled: a delivery still
     * owed has not succeeded or failed yet, so it counts neither way.
     */
    public double successRate() {
        long settled = successDeliveries + failedDeliveries;
        return settled == 0 ? 0.0 : successDeliveries * 100.0 / settled;
    }
}
