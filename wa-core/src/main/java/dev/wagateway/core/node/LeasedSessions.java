package dev.wagateway.core.node;

import java.util.Set;
import java.util.UUID;

/**
 * What the {@link LeaseKeeper} does with the devices whose leases it gains and loses: the session manager starts
 * their WhatsApp connections and stops them.
 */
public interface LeasedSessions {

    /** Starts the sessions of devices just leased (through the restore path); returns when each has its outcome. */
    void start(Set<UUID> deviceIds);

    /** Stops the device's session at once, keeping its stored credentials (its lease is lost or given up). */
    void stop(UUID deviceId);
}
