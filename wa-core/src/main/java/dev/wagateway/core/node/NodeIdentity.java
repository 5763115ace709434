package dev.wagateway.core.node;

import java.util.Objects;

/**
 * One gateway process among several sharing a PostgreSQL database (issue #21, docs/scale-out.md).
 *
 * @param nodeId       unique among the nodes ({@code NODE_ID}; by default the host name and a random suffix)
 * @param advertiseUrl where the other nodes reach this one's REST API ({@code NODE_ADVERTISE_URL})
 * @param maxDevices   how many devices this node holds at most ({@code NODE_MAX_DEVICES})
 */
public record NodeIdentity(String nodeId, String advertiseUrl, int maxDevices) {

    /** Checks the values. */
    public NodeIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl");
        if (nodeId.isBlank() || nodeId.length() > 200) {
            throw new IllegalArgumentException("a node id is 1 to 200 characters");
        }
        if (maxDevices < 1) {
            throw new IllegalArgumentException("a node holds at least one device");
        }
    }
}
