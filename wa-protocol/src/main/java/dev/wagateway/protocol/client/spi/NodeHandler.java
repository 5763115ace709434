package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.binary.Node;

/**
 * Handles one incoming stanza a feature registered for. Runs on the client's node lane, one stanza at a time in
 * arrival order, so it must not block for long: slow work (a network round trip, heavy crypto) goes to a virtual
 * thread of its own.
 */
@FunctionalInterface
public interface NodeHandler {

    /** @param node the stanza, as decoded from the wire */
    void handle(Node node);
}
