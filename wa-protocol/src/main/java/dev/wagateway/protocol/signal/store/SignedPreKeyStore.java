package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.keys.SignedPreKey;

import java.util.List;
import java.util.Optional;

/** Port: our signed pre-keys (the current one and any kept after a rotation), as {@link SignedPreKey#serialize()}. */
public interface SignedPreKeyStore {

    /** The signed pre-key with this id. */
    Optional<SignedPreKey> loadSignedPreKey(int signedPreKeyId);

    /** All signed pre-keys we hold. */
    List<SignedPreKey> loadSignedPreKeys();

    /** Saves (replaces) a signed pre-key. */
    void storeSignedPreKey(SignedPreKey signedPreKey);

    /** Deletes a signed pre-key. */
    void removeSignedPreKey(int signedPreKeyId);
}
