package dev.wagateway.core.event.stream;

import dev.wagateway.core.event.StoredEvent;

/** What a stream consumer gets next: an event, nothing within the wait (time for a heartbeat), or the end. */
public sealed interface StreamItem {

    /** An event to send. */
    record Event(StoredEvent event) implements StreamItem {
    }

    /** Nothing arrived within the wait. */
    record Idle() implements StreamItem {
    }

    /** The subscription ended: the consumer fell too far behind, or the gateway is stopping. */
    record Ended(String reason) implements StreamItem {
    }
}
