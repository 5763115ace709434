package dev.wagateway.core.webhook;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Port: where webhooks live. Deleting a webhook deletes its deliveries. */
public interface WebhookRepository {

    /**
     * Inserts a webhook unless the device already has {@code maxPerDevice}; the count and the insert are atomic.
     *
     * @return the stored webhook, empty when the limit is reached
     */
    Optional<Webhook> insertWithinLimit(UUID deviceId, String url, String secret, List<String> events,
                                        Instant now, int maxPerDevice);

    /** The device's webhooks, active or not, oldest first. */
    List<Webhook> listByDevice(UUID deviceId);

    /** The device's active webhooks. */
    List<Webhook> activeByDevice(UUID deviceId);

    /**
     * The active webhooks of each of {@code deviceIds} (a device without any maps to an empty list), as
     * {@link #activeByDevice} would give them one by one; an adapter may read them in one statement.
     */
    default Map<UUID, List<Webhook>> activeByDevices(Set<UUID> deviceIds) {
        Map<UUID, List<Webhook>> active = new HashMap<>();
        deviceIds.forEach(device -> active.put(device, activeByDevice(device)));
        return active;
    }

    /** The webhook {@code id}, whoever owns it (the delivery side). */
    Optional<Webhook> findById(long id);

    /** The webhook {@code id} if it belongs to {@code deviceId}. */
    Optional<Webhook> find(UUID deviceId, long id);

    /** Replaces url, events and active flag; false when the device has no such webhook. */
    boolean replace(UUID deviceId, long id, String url, List<String> events, boolean active, Instant now);

    /** Sets the active flag (a receiver answered 410 Gone); false when gone. */
    boolean setActive(long id, boolean active, Instant now);

    /** Deletes the device's webhook; false when it did not exist. */
    boolean delete(UUID deviceId, long id);

    /** Totals. */
    WebhookCounts counts();
}
