package dev.wagateway.core.node;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the {@link LeaseKeeper} does with the devices whose leases it gains and loses: the session manager starts
 * their WhatsApp connections and stops them.
 */
public interface LeasedSessions {

    /** Starts the sessions of devices just leased (through the restore path); returns when each has its outcome. */
    void start(Set<UUID> deviceIds);

    /** Stops the device's session at once, keeping its stored credentials (its lease is lost). */
    void stop(UUID deviceId);

    /**
     * Stops the sessions of devices whose leases this node gives back (rebalancing, a clean stop), keeping their
     * stored credentials: new calls are refused as a hand-over at once, calls in flight get their answer (waiting
     * at most {@code drain} for all together), then the sessions stop. The leases are released only after.
     */
    void handBack(List<UUID> deviceIds, Duration drain);
}
