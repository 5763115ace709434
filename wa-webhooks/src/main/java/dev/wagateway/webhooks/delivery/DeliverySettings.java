package dev.wagateway.webhooks.delivery;

import dev.wagateway.webhooks.proxy.WebhookProxies;

import java.time.Duration;
import java.util.Objects;

/**
 * How deliveries run. Where deliveries may go ({@code WEBHOOK_ALLOW_PRIVATE_TARGETS}) is not here but in the
 * {@link dev.wagateway.webhooks.TargetPolicy}, because the same policy also vets URLs when webhooks are created.
 *
 * @param workers        delivery workers ({@code WEBHOOK_WORKERS}): {@code workers × 16} attempts in flight at once,
 *                       each on a virtual thread of its own (one loop per process claims for all of them)
 * @param perWebhook     attempts in flight to one webhook at most, over all workers and nodes
 *                       ({@code WEBHOOK_MAX_IN_FLIGHT_PER_WEBHOOK}): a receiver that hangs holds this many slots, never
 *                       all of them, so the others keep being delivered. It is also how many HTTP/1.1 keep-alive
 *                       connections a receiver sees at most from this process, and what bounds one webhook's rate: a
 *                       slot's cycle is the attempt plus its settlement's round trip
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
    public static final int ATTEMPTS_PER_WORKER = 16;

    /** Checks the bounds. */
    public DeliverySettings {
        if (workers < 1 || perWebhook < 1 || retryLimit < 1) {
            throw new IllegalArgumentException("workers, perWebhook and retryLimit must be at least 1");
        }
        if (perWebhook > workers * ATTEMPTS_PER_WORKER) {
            // more would let one hung receiver hold every slot of the process
            throw new IllegalArgumentException("perWebhook must be at most workers × " + ATTEMPTS_PER_WORKER + " ("
                    + workers * ATTEMPTS_PER_WORKER + ")");
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
     * The contract's timeouts (5 s connect, 10 s total) with {@code workers} and {@code retryLimit};
     * {@link #defaultPerWebhook(int)} per webhook, backoff from 2 s to 10 min, a 60 s lease, a 1 s poll, no proxy.
     */
    public static DeliverySettings of(int workers, int retryLimit) {
        return new DeliverySettings(workers, defaultPerWebhook(workers), retryLimit,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10), WebhookProxies.none());
    }

    /**
     * A quarter of the attempt slots (at least 2): 16 with the contract's 4 workers, so four receivers that hang
     * leave the others nothing, three still leave a quarter, and one webhook alone can reach about 2,000 deliveries
     * a second when a slot's cycle (attempt and settlement) takes 8 ms.
     */
    public static int defaultPerWebhook(int workers) {
        return Math.max(2, workers * ATTEMPTS_PER_WORKER / 4);
    }

    /** These settings with {@code proxies} instead. */
    public DeliverySettings withProxies(WebhookProxies proxies) {
        return new DeliverySettings(workers, perWebhook, retryLimit, backoffBase, backoffMax, lease, pollInterval,
                connectTimeout, callTimeout, proxies);
    }

    /** These settings with at most {@code perWebhook} attempts in flight to one webhook. */
    public DeliverySettings withPerWebhook(int perWebhook) {
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
