package dev.wagateway.webhooks.delivery;

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
 * per delivery (and no waiting when they come one at a time). Each outcome's {@code afterwards} runs once its write
 * has committed or failed; a failed write leaves the rows leased, and they come back after the lease as before.
 *
 * <p>Owner of its one writing thread and of the queue of outcomes not yet written.
 */
final class SettlementWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SettlementWriter.class);
    /** At most this many rows per transaction, so one commit never holds a long list of chat locks. */
    static final int MAX_BATCH = 256;

    private record Pending(Settlement settlement, Runnable afterwards) {
    }

    private final WebhookDeliveryRepository deliveries;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    SettlementWriter(WebhookDeliveryRepository deliveries) {
        this.deliveries = deliveries;
        this.writer = Thread.ofVirtual().name("webhook-settlements").start(this::loop);
    }

    /** Queues an outcome; {@code afterwards} runs on the writer's thread once it is written (or could not be). */
    void submit(Settlement settlement, Runnable afterwards) {
        queue.add(new Pending(settlement, afterwards));
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.forEach(SettlementWriter::runAfterwards);
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            deliveries.settleAll(batch.stream().map(Pending::settlement).toList());
        } catch (RuntimeException batchFailure) {
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
