package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.signal.groups.GroupCipher;
import dev.wagateway.protocol.signal.groups.GroupSessionBuilder;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.IdentityKeyPair;
import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.signal.session.SessionBuilder;
import dev.wagateway.protocol.signal.session.SessionCipher;
import dev.wagateway.protocol.signal.store.SignalStores;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** One device of ours for tests: in-memory stores, generated keys, and every builder and cipher wired together. */
final class TestDevice {

    /**
     * An identity change the device was told about.
     *
     * @param address  the peer
     * @param previous the identity known before
     * @param current  the new identity
     */
    record IdentityChange(SignalAddress address, IdentityKey previous, IdentityKey current) {
    }

    final SignalAddress address;
    final SignalStores stores;
    final SessionBuilder builder;
    final SessionCipher cipher;
    final GroupSessionBuilder groupBuilder;
    final GroupCipher groupCipher;
    final List<IdentityChange> identityChanges = new CopyOnWriteArrayList<>();
    private final SignedPreKey signedPreKey;
    private final Deque<PreKey> unusedPreKeys = new ArrayDeque<>();

    private TestDevice(SignalAddress address, IdentityKeyPair identity, int registrationId, SecureRandom random) {
        this.address = address;
        this.stores = SignalStores.inMemory(identity, registrationId);
        SignalKeyGenerator keys = new SignalKeyGenerator(random);
        this.signedPreKey = keys.signedPreKey(identity, 1, System.currentTimeMillis());
        stores.signedPreKeys().storeSignedPreKey(signedPreKey);
        for (PreKey preKey : keys.preKeys(1, 20)) {
            stores.preKeys().storePreKey(preKey);
            unusedPreKeys.add(preKey);
        }
        SignalLocks locks = new SignalLocks(64);
        this.builder = new SessionBuilder(stores, locks, random,
                (peer, previous, current) -> identityChanges.add(new IdentityChange(peer, previous, current)));
        this.cipher = new SessionCipher(stores, locks, random,
                (peer, previous, current) -> identityChanges.add(new IdentityChange(peer, previous, current)));
        this.groupBuilder = new GroupSessionBuilder(stores.senderKeys(), locks, random);
        this.groupCipher = new GroupCipher(stores.senderKeys(), locks, random);
    }

    static TestDevice create(String name, int deviceId) {
        SecureRandom random = SecureRandoms.create();
        return new TestDevice(new SignalAddress(name, deviceId), IdentityKeyPair.generate(random),
                new SignalKeyGenerator(random).registrationId(), random);
    }

    IdentityKey identity() {
        return stores.identities().identityKeyPair().publicKey();
    }

    int registrationId() {
        return stores.identities().localRegistrationId();
    }

    /** A bundle handing out the next unused one-time pre-key, as the server would. */
    PreKeyBundle bundle() {
        PreKey preKey = unusedPreKeys.poll();
        return bundle(Optional.ofNullable(preKey)
                .map(key -> new PreKeyBundle.PreKeyPublic(key.id(), key.keyPair().publicKey())));
    }

    /** A bundle without a one-time pre-key (the server ran out). */
    PreKeyBundle bundleWithoutPreKey() {
        return bundle(Optional.empty());
    }

    private PreKeyBundle bundle(Optional<PreKeyBundle.PreKeyPublic> preKey) {
        return new PreKeyBundle(registrationId(), identity(),
                new PreKeyBundle.SignedPreKeyPublic(signedPreKey.id(), signedPreKey.keyPair().publicKey(),
                        signedPreKey.signature()), preKey);
    }
}
