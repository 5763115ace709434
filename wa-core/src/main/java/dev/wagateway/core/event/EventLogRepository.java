package dev.wagateway.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: the durable log of every event the gateway emitted, whether or not a webhook wanted it, kept for a retention
 * window so an event-stream consumer that reconnects misses nothing. Ids increase in insertion order; a transaction
 * still open may commit a smaller id after a larger one became visible (readers allow for that).
 */
public interface EventLogRepository {

    /** Appends {@code event}; returns its id. */
    long append(GatewayEvent event);

    /**
     * Appends {@code event} for a caller that needs no id: an adapter may hold it back and write it with the next
     * ones in one round trip, but no later than the transaction's next read of the log or its commit
     * ({@link #flush}). Events keep the order they were added in.
     */
    default void add(GatewayEvent event) {
        append(event);
    }

    /** Writes what {@link #add} held back; nothing when nothing waits. */
    default void flush() {
    }

    /** Appends {@code events} in their order; an adapter may write them in one round trip. */
    default void appendAll(List<GatewayEvent> events) {
        events.forEach(this::append);
    }

    /** Up to {@code limit} events with an id above {@code afterId}, of {@code deviceId} when given, oldest first. */
    List<StoredEvent> after(long afterId, Optional<UUID> deviceId, int limit);

    /** The highest id stored, 0 when the log is empty. */
    long lastId();

    /** Deletes the events created before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff);
}
