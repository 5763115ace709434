package dev.wagateway.core.webhook;

/**
 * Port: told after a transaction that added deliveries committed, so the delivery workers start at once instead of
 * at their next poll. Must not block.
 */
@FunctionalInterface
public interface DeliveryWakeup {

    /** Deliveries were committed. */
    void deliveriesAdded();

    /** For setups without delivery workers (the rows wait for the next worker that starts). */
    DeliveryWakeup NONE = () -> {
    };
}
