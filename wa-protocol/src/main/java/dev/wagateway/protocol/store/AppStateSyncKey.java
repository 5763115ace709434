package dev.wagateway.protocol.store;

import java.util.Objects;

/**
 * An app-state sync key the phone shared (protocol §10.2, {@code appStateSyncKeyShare}): the key id the patches name,
 * the 32-byte key data, its fingerprint, and when the phone made it.
 */
public record AppStateSyncKey(byte[] keyId, byte[] keyData, byte[] fingerprint, long timestamp) {

    /** Checks presence and copies the arrays. */
    public AppStateSyncKey {
        keyId = Objects.requireNonNull(keyId, "keyId").clone();
        keyData = Objects.requireNonNull(keyData, "keyData").clone();
        fingerprint = fingerprint == null ? new byte[0] : fingerprint.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] keyData() {
        return keyData.clone();
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }
}
