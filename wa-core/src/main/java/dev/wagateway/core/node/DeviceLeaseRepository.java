package dev.wagateway.core.node;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: which node runs which device, kept in the shared database so that the database is the only coordinator.
 * Every method is one transaction; claims are exclusive across nodes (a device is never leased to two nodes at once).
 */
public interface DeviceLeaseRepository {

    /** Registers the node or refreshes its heartbeat. */
    void heartbeat(NodeIdentity node, Instant now);

    /**
     * Extends until {@code until} every lease the node still holds (unexpired at {@code now}) and returns them; a
     * device missing from the answer was lost (expired, or taken by another node after it expired).
     */
    List<DeviceLease> renew(String nodeId, Instant now, Instant until);

    /**
     * Takes up to {@code limit} devices that can run (paired, not logged out, API key active) and that no node
     * holds, or whose lease expired before {@code now}, oldest device first; each taken device's epoch grows by one.
     */
    List<DeviceLease> claim(String nodeId, int limit, Instant now, Instant until);

    /**
     * Takes the lease of one device for the node whatever its pairing state (a login about to pair it, its deletion),
     * when no node holds it, its lease expired before {@code now}, or the node already holds it (then only extended).
     * A lease taken over grows its epoch by one.
     *
     * @return the node's lease, or empty when another node holds an unexpired one (or the device does not exist)
     */
    Optional<DeviceLease> acquire(String nodeId, UUID deviceId, Instant now, Instant until);

    /** How many devices can run (paired, not logged out, API key active): what the nodes share among them. */
    int countLeasable();

    /** Gives up the node's leases on these devices at once (a clean shutdown), so others may take them now. */
    void release(String nodeId, Collection<UUID> deviceIds);

    /** The unexpired lease of a device, if any node holds it. */
    Optional<DeviceLease> holder(UUID deviceId, Instant now);

    /** The device's lease row, expired or not, with its node's address and heartbeat; empty if never leased. */
    Optional<LeaseHolder> whoHolds(UUID deviceId);

    /** The node holding each device with an unexpired lease at {@code now} (device id to node id). */
    java.util.Map<UUID, String> holders(Instant now);

    /** Nodes that sent a heartbeat since {@code since}, with how many devices each holds at {@code now}. */
    List<NodeStatus> nodes(Instant since, Instant now);
}
