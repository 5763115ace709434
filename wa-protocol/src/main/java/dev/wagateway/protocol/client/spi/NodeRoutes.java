package dev.wagateway.protocol.client.spi;

/**
 * Where a feature registers for the incoming stanzas it handles. Registration happens once, when the client builds
 * its features; later registrations for the same route replace earlier ones.
 */
public interface NodeRoutes {

    /**
     * Sends the stanzas of {@code route} to {@code handler}. Notifications are acknowledged by the client before
     * the handler runs; every other stanza is acknowledged by its handler, when it is done with it.
     */
    void on(NodeRoute route, NodeHandler handler);
}
