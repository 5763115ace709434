package dev.wagateway.core.session;

import java.time.Duration;

/**
 * How the paired devices are restored at boot (api.md §8.8, {@code WHATSAPP_STARTUP_RECONNECT_*}).
 *
 * @param concurrency devices connecting at once
 * @param jitterMax   each device waits a random delay up to this before its first attempt
 * @param attempts    connection attempts per device before it is marked disconnected
 * @param backoffBase delay after the first failed attempt, doubling after each (plus up to 0.5 s)
 * @param backoffMax  cap of that delay (before the extra 0.5 s)
 */
public record StartupReconnect(int concurrency, Duration jitterMax, int attempts, Duration backoffBase,
                               Duration backoffMax) {

    /** Checks the bounds. */
    public StartupReconnect {
        if (concurrency < 1 || attempts < 1) {
            throw new IllegalArgumentException("concurrency and attempts must be at least 1");
        }
        for (Duration duration : new Duration[]{jitterMax, backoffBase, backoffMax}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("the restore's delays must be zero or more");
            }
        }
    }

    /** The defaults of the contract. */
    public static StartupReconnect defaults() {
        return new StartupReconnect(10, Duration.ofSeconds(5), 5, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }
}
