package dev.wagateway.core.event;

import dev.wagateway.core.transaction.Transaction;

/**
 * Port: where the gateway's events go (the webhook outbox today; an event stream and metrics are further
 * subscribers). An event is recorded inside the transaction of the fact it describes, so it exists exactly when
 * that fact committed; subscribers are told after the commit.
 */
public interface EventPublisher {

    /** Records {@code event} in {@code tx}; returns how many deliveries it made (0 when nobody wants it). */
    int record(Transaction tx, GatewayEvent event);

    /** To call after the commit of a transaction in which {@link #record} made {@code recorded} deliveries. */
    void committed(int recorded);
}
