package dev.wagateway.core.event;

import dev.wagateway.core.transaction.Transaction;
import dev.wagateway.core.transaction.UnitOfWork;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every per-feature recorder of device events shares: facts and their events committed in one transaction,
 * and events shaped as the contract shows them (api.md §7.2: {@code jid}, the device's own number, leads the data).
 */
public final class EventRecorder {

    private final UnitOfWork unitOfWork;
    private final EventPublisher publisher;
    private final Clock clock;

    /** @param publisher where events go */
    public EventRecorder(UnitOfWork unitOfWork, EventPublisher publisher, Clock clock) {
        this.unitOfWork = unitOfWork;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The time source events are stamped with. */
    public Clock clock() {
        return clock;
    }

    /**
     * Runs {@code work} (writing facts and recording their events) in one transaction, then tells the publisher.
     *
     * @param work returns how many deliveries its {@link #record} calls made
     */
    public void commit(Function<Transaction, Integer> work) {
        int recorded = unitOfWork.inTransaction(work);
        publisher.committed(recorded);
    }

    /**
     * Runs {@code work}, which writes facts and records no event, in one transaction; the publisher is not told
     * (an event-stream reader woken for it would find nothing new).
     */
    public void commitWithoutEvents(Consumer<Transaction> work) {
        unitOfWork.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** Records {@code event} in {@code tx}; returns how many deliveries it made. */
    public int record(Transaction tx, GatewayEvent event) {
        return publisher.record(tx, event);
    }

    /** Records one event in a transaction of its own. */
    public void publish(GatewayEvent event) {
        commit(tx -> record(tx, event));
    }

    /**
     * An event of {@code deviceId}, stamped now.
     *
     * @param ownPhone    the device's own number (digits), leading the data as {@code jid}
     * @param orderingKey events with the same key reach a webhook in order (a chat JID); empty for none
     */
    public GatewayEvent event(UUID deviceId, String ownPhone, String type, Map<String, Object> data,
                              String orderingKey) {
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("jid", ownPhone);
        full.putAll(data);
        return new GatewayEvent(type, deviceId, clock.instant(), full, orderingKey);
    }
}
