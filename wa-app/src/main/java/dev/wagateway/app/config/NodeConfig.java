package dev.wagateway.app.config;

import dev.wagateway.core.node.NodeIdentity;
import dev.wagateway.core.node.NodeSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Scale-out settings (issue #21, docs/scale-out.md). Without {@code NODE_ADVERTISE_URL} the gateway is a lone node:
 * it still goes through leases, holding every device.
 *
 * @param nodeId       {@code NODE_ID}; by default the host name (a lone node: stable across restarts, so a
 *                     restart after a crash finds its own leases) or the host name and a random suffix (several
 *                     nodes)
 * @param advertiseUrl {@code NODE_ADVERTISE_URL}: where the other nodes reach this one's API; set = several nodes
 * @param maxDevices   {@code NODE_MAX_DEVICES}
 * @param leaseTtl     {@code NODE_LEASE_TTL}
 * @param secret       {@code NODE_SECRET}: authenticates requests forwarded between nodes; required with several
 */
public record NodeConfig(String nodeId, Optional<URI> advertiseUrl, int maxDevices, Duration leaseTtl,
                         Optional<String> secret) {

    /** Whether other nodes share the database. */
    public boolean cluster() {
        return advertiseUrl.isPresent();
    }

    /** The core's view. */
    public NodeSettings settings() {
        return new NodeSettings(new NodeIdentity(nodeId, advertiseUrl.map(URI::toString).orElse(""), maxDevices),
                leaseTtl, cluster());
    }
}
