package dev.wagateway.webhooks.delivery;

import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.groupcommit.GroupCommitQueue;
import dev.wagateway.core.message.MessageRowWriter;
import dev.wagateway.core.transaction.UnitOfWork;
import dev.wagateway.core.webhook.NewDelivery;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookOutbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the benchmark's events the way the gateway records most of its events under send load: the incoming
 * receipts' events go through {@code MessageRowWriter}, a {@link GroupCommitQueue} whose one writer puts everything
 * that waits (up to 256 writes) into one transaction, reads the batch's webhooks once and enqueues each event's
 * deliveries with a statement of its own, commits once (one WAL flush), and only then wakes the delivery workers;
 * a batch starts no sooner than the writer's shortest cycle after the previous one ({@code SHORTEST_CYCLE}).
 * Each event's commit time is stamped when its batch's commit returned. Not part of the gateway.
 */
final class GroupCommitPublisher implements AutoCloseable {

    /** The gateway's bound ({@code MessageRowWriter.MAX_BATCH}). */
    private static final int MAX_BATCH = 256;

    /** One event waiting for its batch, with the id its commit time is recorded under. */
    private record Pending(String id, GatewayEvent event) {
    }

    private final UnitOfWork unitOfWork;
    private final WebhookOutbox outbox;
    private final Map<String, Long> committed;
    private final GroupCommitQueue<Pending> queue;
    private final LongAdder events = new LongAdder();

    /** @param committed where each event's commit time (nanoTime) goes, by its id */
    GroupCommitPublisher(UnitOfWork unitOfWork, WebhookOutbox outbox, Map<String, Long> committed) {
        this.unitOfWork = unitOfWork;
        this.outbox = outbox;
        this.committed = committed;
        this.queue = new GroupCommitQueue<>("bench-publish", MAX_BATCH, MessageRowWriter.SHORTEST_CYCLE, this::write);
    }

    /** Queues {@code event}; it is committed with whatever else waits. */
    void publish(String id, GatewayEvent event) {
        queue.submit(new Pending(id, event));
    }

    /** Transactions committed so far. */
    long transactions() {
        return queue.batches();
    }

    /** Events committed so far. */
    long events() {
        return events.sum();
    }

    private void write(List<Pending> batch) {
        int added = unitOfWork.inTransaction(tx -> {
            // the batch's devices' webhooks read once, as BatchTransaction does (here one device)
            UUID device = batch.getFirst().event().deviceId();
            List<Webhook> active = tx.webhooks().activeByDevice(device);
            int deliveries = 0;
            for (Pending pending : batch) {
                GatewayEvent event = pending.event();
                List<Webhook> targets = event.deviceId().equals(device) ? active
                        : tx.webhooks().activeByDevice(event.deviceId());
                List<NewDelivery> rows = targets.stream().filter(webhook -> webhook.admits(event.type()))
                        .map(webhook -> new NewDelivery(webhook.id(), UUID.randomUUID(), event.type(),
                                event.toJson(), event.orderingKey(), event.timestamp())).toList();
                if (!rows.isEmpty()) {
                    tx.deliveries().enqueue(rows);
                    deliveries += rows.size();
                }
            }
            return deliveries;
        });
        long at = System.nanoTime();
        batch.forEach(pending -> committed.put(pending.id(), at));
        events.add(batch.size());
        outbox.committed(added);
    }

    /** Stops the writer once it wrote what was queued. */
    @Override
    public void close() {
        queue.close();
    }
}
