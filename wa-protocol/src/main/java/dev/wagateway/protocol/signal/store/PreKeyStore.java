package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.keys.PreKey;

import java.util.List;
import java.util.Optional;

/** Port: our one-time pre-keys, persisted as {@link PreKey#serialize()} bytes. */
public interface PreKeyStore {

    /** The pre-key with this id, if we still have it. */
    Optional<PreKey> loadPreKey(int preKeyId);

    /** Saves (replaces) a pre-key. */
    void storePreKey(PreKey preKey);

    /**
     * Saves (replaces) a batch of pre-keys, all or none: uploads generate hundreds at once, and a database store
     * should write them in one round trip. The default stores them one by one.
     */
    default void storePreKeys(List<PreKey> preKeys) {
        preKeys.forEach(this::storePreKey);
    }

    /** True if we have the pre-key. */
    boolean containsPreKey(int preKeyId);

    /** Deletes a pre-key (once a {@code pkmsg} that used it has decrypted). */
    void removePreKey(int preKeyId);
}
