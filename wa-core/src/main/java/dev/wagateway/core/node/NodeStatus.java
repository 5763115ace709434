package dev.wagateway.core.node;

import java.time.Instant;

/**
 * A node as the others see it ({@code GET /admin/nodes}).
 *
 * @param identity     its id, address and capacity
 * @param startedAt    when it first registered in this run
 * @param heartbeatAt  its last heartbeat
 * @param devicesHeld  unexpired leases it holds
 */
public record NodeStatus(NodeIdentity identity, Instant startedAt, Instant heartbeatAt, int devicesHeld) {
}
