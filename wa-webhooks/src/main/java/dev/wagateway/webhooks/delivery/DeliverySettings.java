package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.proxy.WebhookProxies;

import java.time.Duration;
import java.util.Objects;

/**
 * How deliveries run. Where deliveries may go ({@code WEBHOOK_ALLOW_PRIVATE_TARGETS}) is not here but in the
 * {@link dev.wagateway.webhooks.TargetPolicy}, because the same policy also vets URLs when webhooks are created.
 *
 * @param workers        claiming loops ({@code WEBHOOK_WORKERS}); each delivers what it claims in parallel, bounded
 *                       by {@code workers × 8} attempts in flight
 * @param perWebhook     attempts in flight to one webhook at most, over all workers and nodes: a receiver that hangs
 *                       holds this many slots, never all of them, so the others keep being delivered
 * @param retryLimit     attempts per delivery in total ({@code WEBHOOK_RETRY_LIMIT})
 * @param backoffBase    delay after the first failed attempt, doubling after each, with jitter
 * @param backoffMax     cap of that delay (and of a receiver's {@code Retry-After})
 * @param lease          how long a claim lasts: at least twice the call timeout, which bounds a whole attempt, so a
 *                       live worker never loses its row; a dead worker's rows come back after it
 * @param pollInterval   how often idle workers look for due rows without being woken
 * @param connectTimeout connecting to a receiver
 * @param callTimeout    a whole attempt: every redirect hop and name resolution of it, not each hop
 * @param proxies        {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}
 */
public record DeliverySettings(int workers, int perWebhook, int retryLimit, Duration backoffBase, Duration backoffMax,
                               Duration lease, Duration pollInterval, Duration connectTimeout, Duration callTimeout,
                               WebhookProxies proxies) {

    /** Attempts each worker may have in flight; they are virtual threads mostly waiting on sockets. */
    public static final int ATTEMPTS_PER_WORKER = 8;

    /** Checks the bounds. */
    public DeliverySettings {
        if (workers < 1 || perWebhook < 1 || retryLimit < 1) {
            throw new IllegalArgumentException("workers, perWebhook and retryLimit must be at least 1");
        }
        positive(backoffBase, "backoffBase");
        positive(backoffMax, "backoffMax");
        positive(lease, "lease");
        positive(pollInterval, "pollInterval");
        positive(connectTimeout, "connectTimeout");
        positive(callTimeout, "callTimeout");
        Objects.requireNonNull(proxies, "proxies");
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffMax must be at least backoffBase");
        }
        // A claim that lapsed while its attempt still runs would let a second worker deliver the same row; an attempt
        // ends within callTimeout (WebhookSender's deadline), the margin covers settling it.
        if (lease.compareTo(callTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the lease must outlast two attempts");
        }
    }

    /**
     * The contract's timeouts (5 s connect, 10 s total) with {@code workers} and {@code retryLimit}; a quarter of
     * the attempt slots (at least 2) per webhook, backoff from 2 s to 10 min, a 60 s lease, a 1 s poll, no proxy.
     */
    public static DeliverySettings of(int workers, int retryLimit) {
        return new DeliverySettings(workers, Math.max(2, workers * ATTEMPTS_PER_WORKER / 4), retryLimit,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10), WebhookProxies.none());
    }

    /** These settings with {@code proxies} instead. */
    public DeliverySettings withProxies(WebhookProxies proxies) {
        return new DeliverySettings(workers, perWebhook, retryLimit, backoffBase, backoffMax, lease, pollInterval,
                connectTimeout, callTimeout, proxies);
    }

    /** Attempts in flight at once over all workers of this process. */
    public int slots() {
        return workers * ATTEMPTS_PER_WORKER;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
