package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.keys.IdentityKey;

/**
 * Told when a device's identity key changed and the new one was accepted (the session was rebuilt under it). Called
 * after the address lock is released, on the thread that did the work.
 */
@FunctionalInterface
public interface IdentityChangeListener {

    /** A listener that ignores changes. */
    IdentityChangeListener IGNORE = (address, previous, current) -> {
    };

    /**
     * @param address  the device
     * @param previous the identity we knew
     * @param current  the identity now stored
     */
    void identityChanged(SignalAddress address, IdentityKey previous, IdentityKey current);
}
