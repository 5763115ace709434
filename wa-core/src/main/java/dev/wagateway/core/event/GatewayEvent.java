package dev.wagateway.core.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something a device's customer hears about through webhooks (api.md §7.2): its type from the catalogue, the device,
 * when it happened, and the payload's {@code data}.
 *
 * @param data        JSON-shaped values only: strings, numbers, booleans, {@code null}, lists and maps of those,
 *                    and {@link Instant}s (written as RFC 3339)
 * @param orderingKey events with the same key reach a webhook in order (a chat JID); empty for none
 */
public record GatewayEvent(String type, UUID deviceId, Instant timestamp, Map<String, Object> data,
                           String orderingKey) {

    /** Checks presence and freezes the data (keeping its order). */
    public GatewayEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamp, "timestamp");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        Objects.requireNonNull(orderingKey, "orderingKey");
    }

    /** The HTTP body: {@code {event_type, device_id, timestamp, data}}. */
    public String toJson() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event_type", type);
        envelope.put("device_id", deviceId.toString());
        envelope.put("timestamp", timestamp);
        envelope.put("data", data);
        return JsonText.write(envelope);
    }
}
