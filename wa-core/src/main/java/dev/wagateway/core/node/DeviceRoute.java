package dev.wagateway.core.node;

/** Where a request for a device is served: here, on the node holding its lease, or nowhere for now. */
public sealed interface DeviceRoute {

    /** This node holds the device (or may take it: a device no node runs is served where it is asked for). */
    record Local() implements DeviceRoute {
    }

    /**
     * Another node holds the device's lease; the request goes there.
     *
     * @param nodeId       the holder
     * @param advertiseUrl where it is reached
     */
    record Remote(String nodeId, String advertiseUrl) implements DeviceRoute {
    }

    /** The device changes hands (its holder's heartbeat stopped, its lease has not expired yet): ask again later. */
    record HandOver(long retryAfterSeconds) implements DeviceRoute {
    }
}
