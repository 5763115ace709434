package dev.wagateway.protocol.store;

import dev.wagateway.protocol.signal.store.SignalStores;

import java.util.Optional;

/**
 * Port: everything one companion device keeps between connections. One instance per device. Implementations must
 * make each save durable before returning (the client answers the server only after a save returned) and may be
 * called from several threads.
 */
public interface DeviceStore {

    /** The credentials, once {@link #saveCredentials} was called. */
    Optional<DeviceCredentials> credentials();

    /** Saves (replaces) the credentials. */
    void saveCredentials(DeviceCredentials credentials);

    /** What pairing established, once the device is paired. */
    Optional<PairedDevice> pairedDevice();

    /** Saves (replaces) the paired-device data. */
    void savePairedDevice(PairedDevice device);

    /** The pre-key id counters ({@link PreKeyCounters#INITIAL} for a new device). */
    PreKeyCounters preKeyCounters();

    /** Saves the pre-key id counters. */
    void savePreKeyCounters(PreKeyCounters counters);

    /**
     * The Signal state of this device (identity, pre-keys, sessions, sender keys), bound to the identity key and
     * registration id of the saved credentials.
     *
     * @throws IllegalStateException when no credentials were saved
     */
    SignalStores signalStores();

    /** The app-state sync keys and collection states of this device. */
    AppStateStore appState();

    /** The phone-number ↔ LID pairings this device learned. */
    LidMappings lidMappings();

    /** The trusted-contact privacy tokens contacts issued to us, and when we issued ours. */
    PrivacyTokens privacyTokens();

    /** The plaintexts of messages decrypted but not yet handled, and the hashes of those handled. */
    DecryptionBuffer decryptionBuffer();

    /** The messages sends left recipient devices out of, waiting for those devices' keys. */
    WaitingDeliveries waitingDeliveries();

    /**
     * Deletes everything this device stored: credentials, pairing, counters, Signal state, app state, LID
     * mappings, privacy tokens, the decryption buffer and the waiting deliveries (after logout).
     */
    void clear();
}
