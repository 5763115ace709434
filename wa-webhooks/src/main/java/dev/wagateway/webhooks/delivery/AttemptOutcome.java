package dev.wagateway.webhooks.delivery;

import java.time.Duration;
import java.util.Optional;

/** What one delivery attempt came to. A closed family: the workers settle each kind with one {@code switch}. */
public sealed interface AttemptOutcome {

    /** The receiver answered 2xx. */
    record Delivered(int status) implements AttemptOutcome {
    }

    /** Worth another try: 5xx, 408, 429, timeouts, refused or reset connections. */
    record Retryable(String error, Optional<Duration> retryAfter) implements AttemptOutcome {
    }

    /** Final: another 4xx, or a redirect to a target the URL policy refuses. */
    record Refused(String error) implements AttemptOutcome {
    }

    /**
     * Final, and not an attempt: the URL policy refused the target before anything was sent (api.md §7.4: logged
     * failed with the attempts made so far, 0 for a new delivery).
     */
    record Blocked(String error) implements AttemptOutcome {
    }

    /** 410 Gone: the receiver wants no more; the webhook is switched off. */
    record Gone(String error) implements AttemptOutcome {
    }
}
