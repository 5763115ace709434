package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.WebhookDelivery;

import java.time.Duration;

/**
 * Told of every delivery attempt the workers make, for metrics: what it came to, how long the receiver took, and
 * how long the event had waited since it was queued. Called on the attempt's thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface AttemptListener {

    /** Listens to nothing. */
    AttemptListener NONE = (delivery, outcome, took, sinceQueued) -> {
    };

    /**
     * @param delivery    the delivery as claimed (its attempt count before this attempt)
     * @param outcome     what the attempt came to
     * @param took        the attempt itself (connect, send, answer)
     * @param sinceQueued from the event's queueing to the end of this attempt
     */
    void attempted(WebhookDelivery delivery, AttemptOutcome outcome, Duration took, Duration sinceQueued);
}
