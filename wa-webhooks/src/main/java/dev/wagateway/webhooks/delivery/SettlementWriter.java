package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.webhook.ClaimedDelivery;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.WebhookDeliveryRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the outcomes of attempts to the outbox together: whatever attempts ended while the previous write was
 * committing go out in the next transaction, so a burst of deliveries costs one commit per batch instead of one
 * per delivery (and no waiting when they come one at a time). Each outcome's {@code afterwards} (which frees the
 * attempt's slot) runs once its write has committed or failed; a failed write leaves the rows leased, and they come
 * back after the lease as before. Given a {@link Handover}, the same statement also claims as many due rows as the
 * batch had outcomes: those slots pass straight to the claimed rows (their outcomes' {@code afterwards} do not run),
 * so a busy outbox costs one statement per batch where it cost a settlement and a claim.
 *
 * <p>Owner of its one writing thread and of the queue of outcomes not yet written.
 */
final class SettlementWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SettlementWriter.class);
    /** At most this many rows per transaction, so one commit never holds a long list of chat locks. */
    static final int MAX_BATCH = 256;

    private record Pending(Settlement settlement, Runnable afterwards) {
    }

    /** Where the slots of written outcomes go when the writer claims with its settlements. */
    interface Handover {

        /** Settles {@code batch} and claims at most one row per outcome in it, in one statement. */
        List<ClaimedDelivery> settleAndClaim(List<Settlement> batch);

        /** Starts the attempts of rows claimed with a batch, in the slots its outcomes held; must not block. */
        void start(List<ClaimedDelivery> claimed);
    }

    private static final Handover NO_HANDOVER = null;

    private final WebhookDeliveryRepository deliveries;
    private final Handover handover;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    /** A writer that only settles. */
    SettlementWriter(WebhookDeliveryRepository deliveries) {
        this(deliveries, NO_HANDOVER);
    }

    /** A writer that claims with each batch it settles and hands the claimed rows to {@code handover}. */
    SettlementWriter(WebhookDeliveryRepository deliveries, Handover handover) {
        this.deliveries = deliveries;
        this.handover = handover;
        this.writer = Thread.ofVirtual().name("webhook-settlements").start(this::loop);
    }

    /** Queues an outcome; {@code afterwards} runs on the writer's thread once it is written (or could not be). */
    void submit(Settlement settlement, Runnable afterwards) {
        queue.add(new Pending(settlement, afterwards));
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        int handedOver = 0;
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                handedOver = write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                // the first outcomes' slots went to the claimed rows; the others are free
                batch.subList(Math.min(handedOver, batch.size()), batch.size())
                        .forEach(SettlementWriter::runAfterwards);
                batch.clear();
                handedOver = 0;
            }
        }
    }

    /** Writes the batch; returns how many of its slots went to rows claimed with it (and started). */
    private int write(List<Pending> batch) {
        List<Settlement> settlements = batch.stream().map(Pending::settlement).toList();
        try {
            if (handover == NO_HANDOVER) {
                deliveries.settleAll(settlements);
                return 0;
            }
            List<ClaimedDelivery> claimed = handover.settleAndClaim(settlements);
            if (claimed.size() > batch.size()) {
                // never more than asked for; were it so, the extra rows come back after their lease
                log.warn("a settlement claimed {} rows for {} slots", claimed.size(), batch.size());
                claimed = claimed.subList(0, batch.size());
            }
            startQuietly(claimed);
            return claimed.size();
        } catch (RuntimeException batchFailure) {
            log.info("settling {} outcomes together failed ({}); writing them one by one", batch.size(),
                    batchFailure.getMessage());
            // One bad row must not cost the others their settlement (they would be delivered again after the lease):
            // write them one by one, and leave only those that fail again leased.
            for (Pending pending : batch) {
                try {
                    deliveries.settleAll(List.of(pending.settlement()));
                } catch (RuntimeException e) {
                    log.warn("delivery {}: could not be settled: {}", pending.settlement().deliveryId(),
                            e.getMessage());
                }
            }
            return 0;
        }
    }

    /** The rows' slots are theirs from here: a failure to start them frees the slots (the handover's job). */
    private void startQuietly(List<ClaimedDelivery> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        try {
            handover.start(claimed);
        } catch (RuntimeException e) {
            // the rows stay leased and come back after the lease: nothing is lost
            log.warn("webhook deliveries claimed with a settlement could not be started: {}", e.getMessage());
        }
    }

    private static void runAfterwards(Pending pending) {
        try {
            pending.afterwards().run();
        } catch (RuntimeException e) {
            log.warn("after settling delivery {}: {}", pending.settlement().deliveryId(), e.toString());
        }
    }

    /** Writes what is queued, then stops; waits for the writer up to {@code graceMillis}. */
    void close(long graceMillis) {
        running = false;
        try {
            if (!writer.join(Duration.ofMillis(Math.max(1, graceMillis)))) {
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5_000);
    }
}
