package dev.wagateway.core.node;

import java.time.Instant;

/**
 * A device's lease row with its holder's address and last heartbeat: enough to route a request for the device.
 *
 * @param lease        the row (possibly expired)
 * @param advertiseUrl where its node is reached
 * @param heartbeatAt  its node's last heartbeat
 */
public record LeaseHolder(DeviceLease lease, String advertiseUrl, Instant heartbeatAt) {
}
