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

    /** Up to {@code limit} events with an id above {@code afterId}, of {@code deviceId} when given, oldest first. */
    List<StoredEvent> after(long afterId, Optional<UUID> deviceId, int limit);

    /** The highest id stored, 0 when the log is empty. */
    long lastId();

    /** Deletes the events created before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff);
}
