package dev.wagateway.core.webhook;

import java.time.Duration;

/**
 * The webhook deliveries still waiting, for alerting: how many, and how long the oldest has waited.
 *
 * @param oldestAge zero when none is pending
 */
public record OutboxBacklog(long pending, Duration oldestAge) {
}
