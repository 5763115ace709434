package dev.wagateway.core.webhook;

import dev.wagateway.core.event.EventPublisher;
import dev.wagateway.core.event.GatewayEvent;
import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;

import java.util.List;
import java.util.UUID;

/**
 * Writes events into the webhook outbox: one delivery per active webhook of the device whose filter admits the
 * event, inside the caller's transaction, so an event exists exactly when the fact it describes was committed.
 * With webhooks disabled ({@code WEBHOOKS_ENABLED=false}) nothing is written.
 */
public final class WebhookOutbox implements EventPublisher {

    private final boolean enabled;
    private final DeliveryWakeup wakeup;

    /** @param enabled the global switch; @param wakeup told after commits that added deliveries */
    public WebhookOutbox(boolean enabled, DeliveryWakeup wakeup) {
        this.enabled = enabled;
        this.wakeup = wakeup;
    }

    /** Whether events are recorded at all. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Adds the deliveries of {@code event} in {@code tx}; returns how many. Call {@link #committed(int)} with the
     * count after the transaction committed.
     */
    @Override
    public int record(Transaction tx, GatewayEvent event) {
        if (!enabled) {
            return 0;
        }
        List<Webhook> targets = tx.webhooks().activeByDevice(event.deviceId()).stream()
                .filter(webhook -> webhook.admits(event.type())).toList();
        if (targets.isEmpty()) {
            return 0;
        }
        String payload = event.toJson();
        tx.deliveries().enqueue(targets.stream().map(webhook -> new NewDelivery(webhook.id(), UUID.randomUUID(),
                event.type(), payload, event.orderingKey(), event.timestamp())).toList());
        return targets.size();
    }

    /**
     * Adds one delivery of {@code event} to {@code webhook} regardless of its filter and active flag (the test
     * endpoint), in its own transaction, and wakes the workers; nothing when webhooks are disabled.
     */
    public void recordTo(UnitOfWork unitOfWork, Webhook webhook, GatewayEvent event) {
        if (!enabled) {
            return;
        }
        unitOfWork.inTransaction(tx -> {
            tx.deliveries().enqueue(List.of(new NewDelivery(webhook.id(), UUID.randomUUID(), event.type(),
                    event.toJson(), event.orderingKey(), event.timestamp())));
            return null;
        });
        wakeup.deliveriesAdded();
    }

    /** Records {@code event} in its own transaction and wakes the workers. */
    public void publish(UnitOfWork unitOfWork, GatewayEvent event) {
        if (!enabled) {
            return;
        }
        committed(unitOfWork.inTransaction(tx -> record(tx, event)));
    }

    /** To call after the commit of a transaction in which {@link #record} added {@code added} deliveries. */
    @Override
    public void committed(int added) {
        if (added > 0) {
            wakeup.deliveriesAdded();
        }
    }
}
