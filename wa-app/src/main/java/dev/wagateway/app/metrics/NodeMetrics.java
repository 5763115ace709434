package dev.wagateway.app.metrics;

import dev.wagateway.core.node.LeaseKeeper;
import dev.wagateway.http.node.NodeLink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * This node's part in the lease model (docs/scale-out.md): devices held, leases claimed, lost and given back, and
 * requests forwarded to other nodes or refused during a hand-over. With several nodes every meter of the registry
 * also carries the {@code node} label ({@link GatewayMetrics#GatewayMetrics(java.util.Optional)}), so one dashboard
 * can sum or split them.
 */
final class NodeMetrics {

    private NodeMetrics() {
    }

    static void bind(MeterRegistry registry, LeaseKeeper leases, NodeLink link) {
        Gauge.builder("wa_node_devices_held", leases, keeper -> keeper.heldDevices().size())
                .description("devices whose lease this node holds").register(registry);
        FunctionCounter.builder("wa_node_leases_claimed", leases, LeaseKeeper::leasesClaimed)
                .description("leases taken by this node since start").register(registry);
        FunctionCounter.builder("wa_node_leases_lost", leases, LeaseKeeper::leasesLost)
                .description("leases lost (expired unrenewed or taken over); their sessions stopped")
                .register(registry);
        FunctionCounter.builder("wa_node_leases_given_back", leases, LeaseKeeper::leasesGivenBack)
                .description("leases released to rebalance onto a node short of its share").register(registry);
        FunctionCounter.builder("wa_node_requests_forwarded", link, NodeLink::forwards)
                .description("requests forwarded to the node holding their device").register(registry);
        FunctionCounter.builder("wa_node_requests_handover_refused", link, NodeLink::handOverRefusals)
                .description("requests answered 503 while their device changed nodes").register(registry);
    }
}
