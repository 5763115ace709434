package dev.wagateway.core.webhook;

/** Totals for the admin statistics. */
public record WebhookCounts(long total, long active) {
}
