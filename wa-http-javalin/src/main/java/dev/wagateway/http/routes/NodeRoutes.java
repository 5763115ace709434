package dev.wagateway.http.routes;

import dev.wagateway.core.node.NodeStatus;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /admin/nodes}: the gateway nodes sharing the database (docs/scale-out.md) — each with its address,
 * capacity, heartbeat age and the devices it holds. A lone node lists itself.
 */
public final class NodeRoutes implements RouteGroup {

    private final AuthGate auth;
    private final Supplier<List<NodeStatus>> nodes;
    private final String self;
    private final Clock clock;

    /**
     * @param nodes the nodes with a recent heartbeat
     * @param self  this node's id
     */
    public NodeRoutes(AuthGate auth, Supplier<List<NodeStatus>> nodes, String self, Clock clock) {
        this.auth = auth;
        this.nodes = nodes;
        this.self = self;
        this.clock = clock;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/admin/nodes", ctx -> {
            auth.requireAdmin(ctx);
            Instant now = clock.instant();
            List<Map<String, Object>> rows = nodes.get().stream().map(node -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node_id", node.identity().nodeId());
                row.put("advertise_url", node.identity().advertiseUrl());
                row.put("max_devices", node.identity().maxDevices());
                row.put("devices_held", node.devicesHeld());
                row.put("started_at", Times.rfc3339(node.startedAt()));
                row.put("heartbeat_at", Times.rfc3339(node.heartbeatAt()));
                row.put("heartbeat_age_ms", Math.max(0, Duration.between(node.heartbeatAt(), now).toMillis()));
                row.put("self", node.identity().nodeId().equals(self));
                return row;
            }).toList();
            Responses.ok(ctx, "Nodes retrieved successfully", Map.of("nodes", rows, "self", self));
        });
    }
}
