package dev.wagateway.core.webhook;

import java.util.Objects;
import java.util.Optional;

/**
 * A delivery just claimed, with its webhook as the claim found it: read in the claim's own statement, so an attempt
 * needs no further round trip to learn where to go and whether it still should.
 *
 * @param delivery the claimed row (its attempt count before this attempt)
 * @param webhook  its webhook as of the claim; empty when it was deleted
 */
public record ClaimedDelivery(WebhookDelivery delivery, Optional<Webhook> webhook) {

    /** Checks presence, and that the webhook is the delivery's. */
    public ClaimedDelivery {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(webhook, "webhook");
        if (webhook.isPresent() && webhook.get().id() != delivery.webhookId()) {
            throw new IllegalArgumentException("webhook " + webhook.get().id() + " is not the webhook of delivery "
                    + delivery.id());
        }
    }
}
