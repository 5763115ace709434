package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of one attempt of a claimed delivery, to be written to the outbox (several are written together by
 * {@link WebhookDeliveryRepository#settleAll}).
 *
 * @param deliveryId    the claimed row
 * @param outcome       delivered, to be retried, or failed for good
 * @param attempts      the row's attempt count after this attempt
 * @param error         what went wrong; null when delivered
 * @param nextAttemptAt when a retried row is due again; null otherwise
 * @param at            when the attempt ended
 */
public record Settlement(long deliveryId, Outcome outcome, int attempts, String error, Instant nextAttemptAt,
                         Instant at) {

    /** The three ways an attempt ends for its row. */
    public enum Outcome {
        /** The receiver took it: the row is settled and its chat's next row released. */
        DELIVERED,
        /** The row stays its chat's head and is due again at {@code nextAttemptAt}. */
        RETRY,
        /** The row is settled as failed and its chat's next row released. */
        FAILED
    }

    /** Checks that a retry says when, and that only a retry does. */
    public Settlement {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        if ((outcome == Outcome.RETRY) != (nextAttemptAt != null)) {
            throw new IllegalArgumentException("a retry, and only a retry, has a next attempt time");
        }
    }

    /** Delivered after {@code attempts} attempts. */
    public static Settlement delivered(long deliveryId, int attempts, Instant at) {
        return new Settlement(deliveryId, Outcome.DELIVERED, attempts, null, null, at);
    }

    /** Failed now, to be tried again at {@code nextAttemptAt}. */
    public static Settlement retry(long deliveryId, int attempts, String error, Instant nextAttemptAt, Instant at) {
        return new Settlement(deliveryId, Outcome.RETRY, attempts, error, nextAttemptAt, at);
    }

    /** Failed for good. */
    public static Settlement failed(long deliveryId, int attempts, String error, Instant at) {
        return new Settlement(deliveryId, Outcome.FAILED, attempts, error, null, at);
    }
}
