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

    /**
     * Told before devices just leased count as held here, and before {@link #start} is called for them: until their
     * sessions are up, a call for one of them is a hand-over (a retry finds it), not a device without a session.
     */
    default void starting(Set<UUID> deviceIds) {
    }

    /** Stops the device's session at once, keeping its stored credentials (its lease is lost). */
    void stop(UUID deviceId);

    /**
     * Stops the sessions of devices whose leases this node gives back (rebalancing, a clean stop), keeping their
     * stored credentials: new calls are refused as a hand-over at once, calls in flight get their answer (waiting
     * at most {@code drain} for all together), then the sessions stop. The leases are released only after.
     */
    void handBack(List<UUID> deviceIds, Duration drain);
}
