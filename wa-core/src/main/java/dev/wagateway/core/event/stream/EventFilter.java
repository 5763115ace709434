package dev.wagateway.core.event.stream;

import dev.wagateway.core.event.StoredEvent;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which events a stream consumer wants: those of one device (a device token sees only its own; the admin may name
 * one or take all) and, as a webhook's filter does (api.md §7.1), the named types, exact and case-sensitive, or all
 * when none are named.
 */
public record EventFilter(Optional<UUID> deviceId, Set<String> types) {

    /** Checks presence and copies the set. */
    public EventFilter {
        Objects.requireNonNull(deviceId, "deviceId");
        types = Set.copyOf(types);
    }

    /** Whether the consumer wants {@code event}. */
    public boolean admits(StoredEvent event) {
        return deviceId.map(id -> id.equals(event.deviceId())).orElse(true)
                && (types.isEmpty() || types.contains(event.type()));
    }
}
