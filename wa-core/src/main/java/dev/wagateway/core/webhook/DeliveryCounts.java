package dev.wagateway.core.webhook;

/** Delivery totals over the rows retention kept. */
public record DeliveryCounts(long total, long success, long failed, long pending) {
}
