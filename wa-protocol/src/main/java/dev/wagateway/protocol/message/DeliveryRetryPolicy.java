package dev.wagateway.protocol.message;

import java.time.Duration;

/**
 * How a recipient device that a send had to leave out (no session and no bundle from the server, or a bundle that
 * could not be used) is tried again in the background: after {@code firstDelay}, then twice as long each time up to
 * {@code maxDelay}, {@code attempts} times in all; then it is given up (the device can still ask with a retry
 * receipt while the message is among the recent sends).
 *
 * @param firstDelay the wait before the first attempt
 * @param maxDelay   the longest wait between attempts
 * @param attempts   how many attempts before giving up (at least 1)
 */
public record DeliveryRetryPolicy(Duration firstDelay, Duration maxDelay, int attempts) {

    /** 5 s, doubling up to 5 minutes, 8 attempts: about 15 minutes, within which a phone is usually back. */
    public static final DeliveryRetryPolicy DEFAULT =
            new DeliveryRetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 8);

    /** Checks the ranges. */
    public DeliveryRetryPolicy {
        if (firstDelay == null || maxDelay == null || firstDelay.isNegative() || firstDelay.isZero()
                || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must be positive, the maximum at least the first");
        }
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("attempts must be 1 to 100");
        }
    }

    /** The wait before attempt {@code done + 1}, after {@code done} failed ones. */
    Duration delayAfter(int done) {
        Duration delay = firstDelay;
        for (int i = 0; i < done && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
