package dev.wagateway.core.session;

import dev.wagateway.protocol.store.DeviceStore;

import java.util.UUID;

/** Port: the durable protocol store of each device (credentials, Signal state), keyed by the device id. */
@FunctionalInterface
public interface ProtocolStoreFactory {

    /** The store of {@code deviceId}; empty for a device that never registered. */
    DeviceStore open(UUID deviceId);
}
