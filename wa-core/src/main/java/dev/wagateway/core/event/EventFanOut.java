package dev.wagateway.core.event;

import dev.wagateway.core.transaction.Transaction;

import java.util.List;

/**
 * One publisher over several subscribers (the webhook outbox, the event log, metrics): each records every event in
 * the same transaction, and each is told of the commit. The count returned is the sum of the subscribers' webhook
 * deliveries; subscribers that make none return 0, so the outbox sees exactly the count it would alone.
 */
public final class EventFanOut implements EventPublisher {

    private final List<EventPublisher> subscribers;

    /** @param subscribers in the order they record */
    public EventFanOut(List<EventPublisher> subscribers) {
        this.subscribers = List.copyOf(subscribers);
    }

    @Override
    public int record(Transaction tx, GatewayEvent event) {
        int deliveries = 0;
        for (EventPublisher subscriber : subscribers) {
            deliveries += subscriber.record(tx, event);
        }
        return deliveries;
    }

    @Override
    public void committed(int recorded) {
        for (EventPublisher subscriber : subscribers) {
            subscriber.committed(recorded);
        }
    }
}
