package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Identities in memory, with WhatsApp's policy: trust on first use, accept (and report) a changed key. */
public final class InMemoryIdentityKeyStore implements IdentityKeyStore {

    private final IdentityKeyPair identity;
    private final int registrationId;
    private final Map<SignalAddress, IdentityKey> identities = new ConcurrentHashMap<>();

    /** Our identity and registration id. */
    public InMemoryIdentityKeyStore(IdentityKeyPair identity, int registrationId) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.registrationId = registrationId;
    }

    @Override
    public IdentityKeyPair identityKeyPair() {
        return identity;
    }

    @Override
    public int localRegistrationId() {
        return registrationId;
    }

    @Override
    public TrustDecision decide(SignalAddress address, IdentityKey identityKey) {
        return TrustDecision.onFirstUse(Optional.ofNullable(identities.get(address)), identityKey);
    }

    @Override
    public void saveIdentity(SignalAddress address, IdentityKey identityKey) {
        identities.put(Objects.requireNonNull(address, "address"), Objects.requireNonNull(identityKey, "identityKey"));
    }

    @Override
    public Optional<IdentityKey> identity(SignalAddress address) {
        return Optional.ofNullable(identities.get(address));
    }

    @Override
    public void deleteIdentity(SignalAddress address) {
        identities.remove(address);
    }
}
