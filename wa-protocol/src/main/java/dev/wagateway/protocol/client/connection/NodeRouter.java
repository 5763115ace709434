package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.NodeHandler;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.client.spi.NodeRoutes;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The features' registrations for incoming stanzas, and the dispatch of each stanza to the one handler whose route
 * fits best: a route that names an attribute value before the route of the tag alone. Registered while the client
 * is built, read on the node lane.
 */
public final class NodeRouter implements NodeRoutes {

    private record Registration(NodeRoute route, NodeHandler handler) {
    }

    private final List<Registration> specific = new CopyOnWriteArrayList<>();
    private final List<Registration> general = new CopyOnWriteArrayList<>();

    @Override
    public void on(NodeRoute route, NodeHandler handler) {
        List<Registration> list = route.specific() ? specific : general;
        list.removeIf(existing -> existing.route().equals(route));
        if (route.child().isPresent()) {
            list.addFirst(new Registration(route, handler)); // a child condition is narrower than the type alone
        } else {
            list.add(new Registration(route, handler));
        }
    }

    /** The handler for {@code node}, if a feature registered for it. */
    public Optional<NodeHandler> handlerFor(Node node) {
        for (Registration registration : specific) {
            if (registration.route().matches(node)) {
                return Optional.of(registration.handler());
            }
        }
        for (Registration registration : general) {
            if (registration.route().matches(node)) {
                return Optional.of(registration.handler());
            }
        }
        return Optional.empty();
    }
}
