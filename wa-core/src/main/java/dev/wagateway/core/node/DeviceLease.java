package dev.wagateway.core.node;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A node's right to run a device's WhatsApp connection until {@code expiresAt}. The epoch grows by one each time the
 * device changes hands, so a write fenced by {@code (nodeId, epoch)} cannot succeed for a node that lost the lease
 * meanwhile, even if it still believes it holds it.
 *
 * @param deviceId  the device
 * @param nodeId    the node holding it
 * @param epoch     the hand-over count of this device
 * @param expiresAt when the lease lapses unless renewed
 */
public record DeviceLease(UUID deviceId, String nodeId, long epoch, Instant expiresAt) {

    /** Checks presence. */
    public DeviceLease {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
