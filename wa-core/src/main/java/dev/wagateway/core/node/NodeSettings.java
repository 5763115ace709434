package dev.wagateway.core.node;

import java.time.Duration;
import java.util.Objects;

/**
 * How this node takes part in the lease model (docs/scale-out.md).
 *
 * @param identity its id, advertised address and capacity
 * @param leaseTtl how long a lease lasts unless renewed ({@code NODE_LEASE_TTL}); renewed every third of it
 * @param cluster  whether other nodes may share the database ({@code NODE_ADVERTISE_URL} set): then the node's
 *                 protocol writes are fenced by its leases and requests for devices held elsewhere are forwarded. A
 *                 lone node (the default) goes through the same leases, holding every device.
 */
public record NodeSettings(NodeIdentity identity, Duration leaseTtl, boolean cluster) {

    /** Checks the values. */
    public NodeSettings {
        Objects.requireNonNull(identity, "identity");
        if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("a lease lasts at least 3 s");
        }
    }

    /** The pause between two rounds of heartbeat, renewal and claims. */
    public Duration renewEvery() {
        return leaseTtl.dividedBy(3);
    }
}
