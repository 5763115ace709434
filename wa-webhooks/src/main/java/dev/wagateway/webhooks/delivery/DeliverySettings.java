package dev.wagateway.webhooks.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How deliveries run.
 *
 * @param workers     claiming loops ({@code WEBHOOK_WORKERS}); each delivers what it claims in parallel, bounded by
 *                    {@code workers × 8} attempts in flight, so one slow receiver cannot hold the others back
 * @param retryLimit  attempts per delivery in total ({@code WEBHOOK_RETRY_LIMIT})
 * @param backoffBase delay after the first failed attempt, doubling after each, with jitter
 * @param backoffMax  cap of that delay (and of a receiver's {@code Retry-After})
 * @param lease       how long a claim lasts: longer than an attempt, so a live worker never loses its row; a dead
 *                    worker's rows come back after it
 * @param pollInterval how often idle workers look for due rows without being woken
 * @param connectTimeout connecting to a receiver
 * @param callTimeout  a whole attempt, redirects included
 */
public record DeliverySettings(int workers, int retryLimit, Duration backoffBase, Duration backoffMax, Duration lease,
                               Duration pollInterval, Duration connectTimeout, Duration callTimeout) {

    /** Checks the bounds. */
    public DeliverySettings {
        if (workers < 1 || retryLimit < 1) {
            throw new IllegalArgumentException("workers and retryLimit must be at least 1");
        }
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        if (lease.compareTo(callTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the lease must outlast two attempts");
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** The contract's timeouts (5 s connect, 10 s total) with {@code workers} and {@code retryLimit}. */
    public static DeliverySettings of(int workers, int retryLimit) {
        return new DeliverySettings(workers, retryLimit, Duration.ofSeconds(2), Duration.ofMinutes(10),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
}
