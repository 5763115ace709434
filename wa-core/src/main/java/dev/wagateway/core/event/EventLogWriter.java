package dev.wagateway.core.event;

import dev.wagateway.core.transaction.Transaction;

/**
 * Subscriber writing every event into the durable event log, in the transaction of its fact, and waking the event
 * stream after each commit. It makes no webhook deliveries, so it adds nothing to the count {@link #record} returns.
 */
public final class EventLogWriter implements EventPublisher {

    private final Runnable appended;

    /** @param appended told after every commit that may have added events (cheap and non-blocking) */
    public EventLogWriter(Runnable appended) {
        this.appended = appended;
    }

    @Override
    public int record(Transaction tx, GatewayEvent event) {
        tx.eventLog().add(event);
        return 0;
    }

    /** The count is the webhooks' and says nothing about the log: wake the stream after every commit. */
    @Override
    public void committed(int recorded) {
        appended.run();
    }
}
