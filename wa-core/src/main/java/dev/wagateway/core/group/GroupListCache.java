package dev.wagateway.core.group;

import dev.wagateway.core.error.GatewayException;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.group.GroupInfo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each device's list of joined groups ({@code GET /groups}), kept {@code WHATSAPP_GROUP_LIST_CACHE_TTL}: concurrent
 * requests share one query, a failed query is not kept, and any group change this device makes drops the entry.
 */
final class GroupListCache {

    /** api.md row 43: the joined-groups fetch may take long for accounts in many groups. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    private record Listing(CompletableFuture<List<GroupInfo>> groups, Instant started) {
    }

    private final DeviceCalls calls;
    private final Duration ttl;
    private final boolean disabled;
    private final Clock clock;
    private final Map<UUID, Listing> listings = new ConcurrentHashMap<>();

    GroupListCache(DeviceCalls calls, Duration ttl, boolean disabled, Clock clock) {
        this.calls = calls;
        this.ttl = ttl;
        this.disabled = disabled;
        this.clock = clock;
    }

    /** The device's groups, from the cache unless {@code refresh}; a query already under way is shared either way. */
    List<GroupInfo> groups(UUID deviceId, boolean refresh) {
        var client = calls.client(deviceId);
        Instant now = clock.instant();
        Listing listing = listings.compute(deviceId, (id, current) -> {
            if (current != null && !current.groups().isDone()) {
                return current; // coalesced with the query under way
            }
            if (current != null && !refresh && !disabled && !current.groups().isCompletedExceptionally()
                    && current.started().plus(ttl).isAfter(now)) {
                return current;
            }
            return new Listing(client.groups().joinedGroups(), now);
        });
        try {
            return calls.await(listing.groups(), "get joined groups", FETCH_TIMEOUT);
        } catch (GatewayException e) {
            listings.remove(deviceId, listing);
            throw e;
        }
    }

    /** Forgets the device's list (after a change it made, or when its session ends). */
    void invalidate(UUID deviceId) {
        listings.remove(deviceId);
    }
}
