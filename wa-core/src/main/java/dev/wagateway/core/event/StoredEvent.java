package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the durable event log keeps it: the webhook body ({@link GatewayEvent#toJson()}) under an increasing
 * id, which the event stream sends as its SSE {@code id} so a consumer can resume after it.
 *
 * @param payload the JSON envelope {@code {event_type, device_id, timestamp, data}}
 */
public record StoredEvent(long id, UUID deviceId, String type, String payload, Instant createdAt) {

    /** Checks presence. */
    public StoredEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
