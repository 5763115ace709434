package dev.wagateway.http.node;

/**
 * Thrown by the authentication of a device's request when another gateway node holds the device: the server's
 * handler sends the request there and relays the answer ({@link RequestForwarder}).
 *
 * @see NodeLink
 */
public final class ForwardRequest extends RuntimeException {

    private final String nodeId;
    private final String advertiseUrl;

    ForwardRequest(String nodeId, String advertiseUrl) {
        super("the device runs on node " + nodeId, null, false, false);
        this.nodeId = nodeId;
        this.advertiseUrl = advertiseUrl;
    }

    /** The node holding the device. */
    public String nodeId() {
        return nodeId;
    }

    /** Where it is reached. */
    public String advertiseUrl() {
        return advertiseUrl;
    }
}
