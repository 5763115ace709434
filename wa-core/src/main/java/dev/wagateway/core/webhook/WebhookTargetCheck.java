package dev.wagateway.core.webhook;

import java.util.Optional;

/**
 * Port: decides whether a URL may receive webhooks (scheme, and no private or local address after resolution unless
 * allowed). Checked when a webhook is created or changed; the delivery side checks again at every attempt.
 */
@FunctionalInterface
public interface WebhookTargetCheck {

    /** Why {@code url} is refused, or empty when it is acceptable. */
    Optional<String> refusal(String url);
}
