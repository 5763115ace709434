package dev.wagateway.core.apikey;

/** Totals for the admin statistics. */
public record ApiKeyCounts(long total, long active) {
}
