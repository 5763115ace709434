package dev.wagateway.protocol.appstate;

import java.util.Optional;

/** Where the app-state decoder finds the sync keys the phone shared (protocol §10.2). */
@FunctionalInterface
public interface SyncKeyLookup {

    /** The 32-byte key data of the sync key with this id, if we hold it. */
    Optional<byte[]> keyData(byte[] keyId);
}
