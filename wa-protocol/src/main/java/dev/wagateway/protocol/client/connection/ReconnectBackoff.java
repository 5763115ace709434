package dev.wagateway.protocol.client.connection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter between reconnect attempts: attempt {@code n} waits a random time in
 * {@code [d/2, d]} where {@code d = min(max, base * 2^(n-1))}. The first attempt after a working connection waits
 * nothing, so a single network blip costs no delay.
 */
public final class ReconnectBackoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;
    private final AtomicInteger failures = new AtomicInteger();

    public ReconnectBackoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The wait before the next attempt; counts the attempt. */
    public Duration next() {
        int attempt = failures.getAndIncrement();
        if (attempt == 0) {
            return Duration.ZERO;
        }
        long ceiling = base.toMillis() << Math.min(attempt - 1, 20);
        long bounded = Math.min(ceiling, max.toMillis());
        long half = bounded / 2;
        return Duration.ofMillis(half + random.nextLong(bounded - half + 1));
    }

    /** A connection worked: start over. */
    public void reset() {
        failures.set(0);
    }
}
