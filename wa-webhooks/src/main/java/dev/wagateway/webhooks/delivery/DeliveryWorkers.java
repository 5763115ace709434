package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.event.EventTypes;
import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.DeliveryWakeup;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import dev.wagateway.core.webhook.WebhookRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * Delivers the outbox: one loop claims due rows from PostgreSQL (exclusive claims with a lease), each claimed row is
 * attempted on its own virtual thread (bounded in number, {@code workers × 16}, and in number per webhook, so a
 * receiver that hangs cannot take every slot), and the outcome is settled in the row (by the
 * {@link SettlementWriter}, many rows per statement, which also claims the next due rows for the slots it settles; a
 * slot is free once its row is written and no row was claimed for it):
 * delivered, retried later with exponential backoff and jitter (or the receiver's {@code Retry-After}), failed for
 * good, or failed with the webhook switched off (410). Nothing is held only in memory: stopping abruptly leaves rows
 * leased, and they are due again when the lease ends.
 *
 * <p>One claiming loop per process, not one per worker: claims take turns on one PostgreSQL lock (so that the
 * per-webhook cap holds across nodes), so more loops in a process claimed no faster; they queued on that lock,
 * mostly to find nothing (webhook chapter of docs/benchmarks.md, 2026-12-07: four loops against one, the 1,000/s
 * phase's p99 4.7–10.7 ms against 3.5–8.2 ms in six pairs, the burst unchanged). A claim never waits for attempts.
 *
 * <p>Owner of its threads, of the wake-up semaphore and of the in-flight permits; the outbox rows are owned by the
 * database (a row belongs to whoever holds its unexpired claim).
 */
public final class DeliveryWorkers implements DeliveryWakeup, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final WebhookSender sender;
    private final DeliverySettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final AttemptListener listener;
    private final Semaphore wakeups = new Semaphore(0);
    private final Semaphore inFlight;
    private volatile Thread claimer;
    private volatile SettlementWriter settlements;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running;

    /**
     * Wires the workers; {@link #start()} starts them.
     *
     * @param deliveries the outbox (claims, settlements)
     * @param webhooks   written on 410 (switched off); read with each claim by {@code deliveries}
     * @param sender     makes the attempts
     * @param random     the jitter of the backoff
     */
    public DeliveryWorkers(WebhookDeliveryRepository deliveries, WebhookRepository webhooks, WebhookSender sender,
                           DeliverySettings settings, Clock clock, RandomGenerator random) {
        this(deliveries, webhooks, sender, settings, clock, random, AttemptListener.NONE);
    }

    /**
     * As the other constructor, with {@code listener} told of every attempt (metrics).
     */
    public DeliveryWorkers(WebhookDeliveryRepository deliveries, WebhookRepository webhooks, WebhookSender sender,
                           DeliverySettings settings, Clock clock, RandomGenerator random,
                           AttemptListener listener) {
        this.listener = listener;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.inFlight = new Semaphore(settings.slots());
    }

    /** Starts the claiming loop; once (later calls do nothing). */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        running = true;
        settlements = new SettlementWriter(deliveries, new SettlementWriter.Handover() {
            @Override
            public List<ClaimedDelivery> settleAndClaim(List<Settlement> batch) {
                Instant now = clock.instant();
                // while closing, slots are only given back
                return deliveries.settleAllAndClaimWithWebhooks(batch, now, running ? batch.size() : 0,
                        settings.perWebhook(), now.plus(settings.lease()));
            }

            @Override
            public void start(List<ClaimedDelivery> claimed) {
                dispatch(claimed);
            }
        });
        claimer = Thread.ofVirtual().name("webhook-claims").start(this::loop);
    }

    /**
     * Wakes the idle loop at once instead of at its next poll; never blocks. One wake-up pending is enough, however
     * many commits come meanwhile: the claim it starts begins after all of them and takes every row they added (up
     * to the free slots; a claim that fills them all claims again). More pending wake-ups only made claims queue on
     * the claims' lock behind each other and find nothing (at 1,000 events/s, one empty claim per event).
     */
    @Override
    public void deliveriesAdded() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (!claimAndDispatch()) {
                    // Nothing more is claimable now. What makes rows claimable on this node wakes the loop (a commit
                    // that added rows, a slot freed by a settlement), including what committed while this claim ran
                    // (its wake-up is waiting here); other nodes' rows and lapsed leases are found at the next poll.
                    wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("webhook claims: {}", e.getMessage());
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    /**
     * Claims what this loop can start now and starts each attempt; returns whether it claimed a row for every free
     * slot (then there may be more to claim at once). A claim that filled fewer slots than it had took everything
     * claimable: claiming again straight away would find nothing (it used to, once per wake-up, an empty claim
     * through the claims' lock for every claim that found something).
     */
    private boolean claimAndDispatch() throws InterruptedException {
        inFlight.acquire();
        int free = 1 + inFlight.drainPermits();
        if (!running) {
            // close() came while this loop waited for a free slot: claim nothing more.
            inFlight.release(free);
            return false;
        }
        Instant now = clock.instant();
        List<ClaimedDelivery> claimed;
        try {
            claimed = deliveries.claimDueWithWebhooks(now, free, settings.perWebhook(), now.plus(settings.lease()));
        } catch (RuntimeException e) {
            inFlight.release(free);
            throw e;
        }
        inFlight.release(free - claimed.size());
        dispatch(claimed);
        return claimed.size() == free;
    }

    /**
     * Starts the attempts of claimed rows, each in a slot already taken for it, on threads of their own (never
     * blocks: the settlement writer hands its claims over here). Each row came with its webhook as of the claim
     * ("deleted or switched off meanwhile?" is answered then, and the attempt follows at once).
     */
    private void dispatch(List<ClaimedDelivery> claimed) {
        for (ClaimedDelivery row : claimed) {
            Thread.ofVirtual().name("webhook-delivery-" + row.delivery().id())
                    .start(() -> attemptAndSettle(row.delivery(), row.webhook()));
        }
    }

    private void attemptAndSettle(WebhookDelivery delivery, Optional<Webhook> webhook) {
        Settlement settlement;
        try {
            settlement = attempt(delivery, webhook);
        } catch (RuntimeException e) {
            // The row stays leased and comes back after the lease: nothing is lost.
            log.warn("delivery {}: could not be attempted: {}", delivery.id(), e.getMessage());
            freeSlot();
            return;
        }
        settlements.submit(settlement, this::freeSlot);
    }

    /**
     * A delivery's slot is free once its outcome is written: a freed slot under a webhook's cap, or the next row of
     * a chat released by that settlement, can be claimed now, so a loop that found nothing must not wait its poll.
     */
    private void freeSlot() {
        inFlight.release();
        deliveriesAdded();
    }

    private Settlement attempt(WebhookDelivery delivery, Optional<Webhook> webhook) {
        int attempt = delivery.attemptCount() + 1;
        if (webhook.isEmpty()) {
            // Deleting a webhook normally deletes its deliveries too (then this updates nothing); settle anyway so
            // the row can never be claimed again whatever the schema does.
            return Settlement.failed(delivery.id(), delivery.attemptCount(), "webhook was deleted", clock.instant());
        }
        if (!webhook.get().active() && !delivery.eventType().equals(EventTypes.TEST_PING)) {
            // Switched off (by its owner or by a 410) after the event was queued; the test ping ignores the flag.
            return Settlement.failed(delivery.id(), delivery.attemptCount(), "webhook is inactive", clock.instant());
        }
        long started = System.nanoTime();
        AttemptOutcome outcome = sender.send(webhook.get(), delivery);
        Instant now = clock.instant();
        tell(delivery, outcome, Duration.ofNanos(System.nanoTime() - started), now);
        return switch (outcome) {
            case AttemptOutcome.Delivered ignored -> Settlement.delivered(delivery.id(), attempt, now);
            case AttemptOutcome.Refused refused -> Settlement.failed(delivery.id(), attempt, refused.error(), now);
            case AttemptOutcome.Blocked blocked -> {
                log.info("delivery {} to webhook {} refused by the URL policy: {}", delivery.id(),
                        delivery.webhookId(), blocked.error());
                yield Settlement.failed(delivery.id(), delivery.attemptCount(), blocked.error(), now);
            }
            case AttemptOutcome.Gone gone -> {
                webhooks.setActive(delivery.webhookId(), false, now);
                log.info("webhook {} answered 410 Gone: switched off", delivery.webhookId());
                yield Settlement.failed(delivery.id(), attempt, gone.error(), now);
            }
            case AttemptOutcome.Retryable retry -> {
                if (attempt >= settings.retryLimit()) {
                    log.info("delivery {} to webhook {} failed after {} attempts: {}", delivery.id(),
                            delivery.webhookId(), attempt, retry.error());
                    yield Settlement.failed(delivery.id(), attempt, retry.error(), now);
                }
                Duration wait = retry.retryAfter().map(this::capped).orElseGet(() -> backoff(attempt));
                yield Settlement.retry(delivery.id(), attempt, retry.error(), now.plus(wait), now);
            }
        };
    }

    private void tell(WebhookDelivery delivery, AttemptOutcome outcome, Duration took, Instant now) {
        try {
            Duration sinceQueued = Duration.between(delivery.createdAt(), now);
            listener.attempted(delivery, outcome, took, sinceQueued.isNegative() ? Duration.ZERO : sinceQueued);
        } catch (RuntimeException e) {
            log.warn("the delivery attempt listener failed: {}", e.toString());
        }
    }

    /** base × 2^(attempt-1), capped, then between half and all of it (jitter spreads retries of one outage). */
    Duration backoff(int attempt) {
        long base = settings.backoffBase().toMillis();
        long exponential = base << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, settings.backoffMax().toMillis());
        return Duration.ofMillis(capped / 2 + random.nextLong(capped / 2 + 1));
    }

    private Duration capped(Duration retryAfter) {
        return retryAfter.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : retryAfter;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming and waits up to a few seconds for attempts in flight; what is still unsettled then returns to
     * the outbox when its lease ends (it may then be delivered twice; receivers deduplicate by {@code webhook-id}).
     */
    @Override
    public void close() {
        running = false;
        wakeups.release();
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        Thread loop = claimer;
        if (loop != null) {
            try {
                loop.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            int all = settings.slots();
            if (inFlight.tryAcquire(all, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                inFlight.release(all);
            } else {
                log.info("webhook workers closed with attempts still in flight; their rows return after the lease");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The loop can still be parked waiting for a free slot; it must not outlive close().
        if (loop != null) {
            loop.interrupt();
        }
        SettlementWriter writer = settlements;
        if (writer != null) {
            writer.close(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }
}
