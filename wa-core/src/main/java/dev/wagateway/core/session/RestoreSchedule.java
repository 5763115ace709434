package dev.wagateway.core.session;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The timing of the boot restore (api.md §8.8): each device starts after a random delay of up to
 * {@code WHATSAPP_STARTUP_RECONNECT_JITTER_MAX}; after its {@code n}-th failed attempt it waits
 * {@code min(BACKOFF_BASE · 2^(n−1), BACKOFF_MAX)} plus a random extra of at most {@value #RETRY_JITTER_MAX_MILLIS}
 * ms before the next one, for {@code RETRIES} attempts in all. Millisecond resolution; every bound is inclusive.
 *
 * <p>Separate from the client's own reconnect back-off (which waits nothing before its first retry): the restore
 * runs its attempts itself with {@code WaClient.connectOnce()}.
 */
final class RestoreSchedule {

    /** The most a retry waits beyond its exponential step. */
    static final long RETRY_JITTER_MAX_MILLIS = 500;

    private final StartupReconnect settings;
    private final RandomGenerator random;

    /** @param random drawn from by every device's restore at once when it is the runtime's (thread-safe) source */
    RestoreSchedule(StartupReconnect settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Attempts per device. */
    int attempts() {
        return settings.attempts();
    }

    /** How long a device waits before its first attempt: uniform in {@code [0, jitterMax]}. */
    Duration startDelay() {
        long max = settings.jitterMax().toMillis();
        return Duration.ofMillis(max <= 0 ? 0 : random.nextLong(max + 1));
    }

    /**
     * How long to wait after the {@code failedAttempts}-th failure (1 for the first) before the next attempt.
     *
     * @throws IllegalArgumentException for a count below 1
     */
    Duration delayAfterFailure(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts start at 1: " + failedAttempts);
        }
        long max = settings.backoffMax().toMillis();
        long step = Math.min(settings.backoffBase().toMillis(), max);
        for (int i = 1; i < failedAttempts && step < max; i++) {
            step = Math.min(step * 2, max); // doubling by steps: no overflow, however many attempts
        }
        return Duration.ofMillis(step + random.nextLong(RETRY_JITTER_MAX_MILLIS + 1));
    }
}
