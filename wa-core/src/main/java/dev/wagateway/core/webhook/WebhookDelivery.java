package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event for one webhook: the outbox row and, once attempted, its delivery log at the same time.
 *
 * @param eventId     the Standard Webhooks {@code webhook-id}: the same on every attempt, so receivers can
 *                    deduplicate
 * @param payload     the exact JSON body, fixed when the event happened; every attempt sends these bytes
 * @param orderingKey deliveries of one webhook with the same key are made in order (a chat's JID; empty = none)
 * @param nextAttemptAt when a pending delivery is due (or when a claim on it lapses)
 */
public record WebhookDelivery(long id, long webhookId, UUID eventId, String eventType, String payload,
                              String orderingKey, DeliveryStatus status, int attemptCount, Optional<String> lastError,
                              Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {

    /** Checks presence. */
    public WebhookDelivery {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(orderingKey, "orderingKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * The status the delivery log shows (api.md §5.11): {@code success} or {@code failed} once settled; a delivery
     * still owed is {@code pending} before its first attempt and {@code retrying} after a failed one (the original's
     * own names for those states, which it never shows because it writes a log row only at the end).
     */
    public String logStatus() {
        return status == DeliveryStatus.PENDING && attemptCount > 0 ? "retrying" : status.wireName();
    }
}
