package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.UUID;

/** A delivery about to enter the outbox, due at once. */
public record NewDelivery(long webhookId, UUID eventId, String eventType, String payload, String orderingKey,
                          Instant createdAt) {
}
