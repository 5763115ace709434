package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;

import java.util.Optional;

/** Port: our own identity and registration id, and the identities of the devices we talk to. */
public interface IdentityKeyStore {

    /** Our identity key pair. */
    IdentityKeyPair identityKeyPair();

    /** Our registration id. */
    int localRegistrationId();

    /** Decides whether {@code identityKey} may be used for {@code address}; saves nothing. */
    TrustDecision decide(SignalAddress address, IdentityKey identityKey);

    /** Stores {@code identityKey} as the identity of {@code address}, replacing any other. */
    void saveIdentity(SignalAddress address, IdentityKey identityKey);

    /** The identity we know for {@code address}. */
    Optional<IdentityKey> identity(SignalAddress address);

    /** Forgets the identity of {@code address} (after an identity-change notification, for example). */
    void deleteIdentity(SignalAddress address);
}
