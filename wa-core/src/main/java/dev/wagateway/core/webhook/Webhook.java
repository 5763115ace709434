package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A device's subscription to its events (api.md §7.1).
 *
 * @param secret the HMAC key, 64 hex characters, kept in clear because every delivery is signed with it
 * @param events the event names it wants; empty means all
 */
public record Webhook(long id, UUID deviceId, String url, String secret, List<String> events, boolean active,
                      Instant createdAt, Instant updatedAt) {

    /** Checks presence and copies the list. */
    public Webhook {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = List.copyOf(events);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether this webhook wants {@code eventType}: exact, case-sensitive match, or any event with no filter. */
    public boolean admits(String eventType) {
        return events.isEmpty() || events.contains(eventType);
    }
}
