package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.groups.SenderKeyStore;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;

import java.util.Objects;

/**
 * The five narrow Signal store ports, handed together to the builders and ciphers.
 *
 * @param identities    identity keys and trust
 * @param preKeys       one-time pre-keys
 * @param signedPreKeys signed pre-keys
 * @param sessions      pairwise sessions
 * @param senderKeys    group sender keys
 */
public record SignalStores(IdentityKeyStore identities, PreKeyStore preKeys, SignedPreKeyStore signedPreKeys,
                           SessionStore sessions, SenderKeyStore senderKeys) {

    /** Checks every port is present. */
    public SignalStores {
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(preKeys, "preKeys");
        Objects.requireNonNull(signedPreKeys, "signedPreKeys");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(senderKeys, "senderKeys");
    }

    /** In-memory stores for our identity {@code identity} and registration id. */
    public static SignalStores inMemory(IdentityKeyPair identity, int registrationId) {
        return new SignalStores(new InMemoryIdentityKeyStore(identity, registrationId), new InMemoryPreKeyStore(),
                new InMemorySignedPreKeyStore(), new InMemorySessionStore(), new InMemorySenderKeyStore());
    }
}
