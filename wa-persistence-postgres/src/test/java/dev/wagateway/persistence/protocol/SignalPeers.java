package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.signal.keys.PreKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;
import dev.wagateway.protocol.signal.keys.SignalKeyGenerator;
import dev.wagateway.protocol.signal.keys.SignedPreKey;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;

import java.security.SecureRandom;
import java.util.Optional;

/** Devices of the store tests' Signal sessions: their credentials, and the pre-key bundles sessions start from. */
final class SignalPeers {

    private SignalPeers() {
    }

    /** {@code store}, given new credentials. */
    static DeviceStore withCredentials(DeviceStore store, SecureRandom random) {
        store.saveCredentials(DeviceCredentials.generate(random, System.currentTimeMillis()));
        return store;
    }

    /** A bundle of {@code peer} with a new one-time pre-key {@code preKeyId}, which {@code peer} stores. */
    static PreKeyBundle bundle(DeviceStore peer, int preKeyId, SecureRandom random) {
        PreKey preKey = new SignalKeyGenerator(random).preKeys(preKeyId, 1).getFirst();
        peer.signalStores().preKeys().storePreKey(preKey);
        DeviceCredentials credentials = peer.credentials().orElseThrow();
        SignedPreKey signed = credentials.signedPreKey();
        return new PreKeyBundle(credentials.registrationId(), credentials.identityKeyPair().publicKey(),
                new PreKeyBundle.SignedPreKeyPublic(signed.id(), signed.keyPair().publicKey(), signed.signature()),
                Optional.of(new PreKeyBundle.PreKeyPublic(preKey.id(), preKey.keyPair().publicKey())));
    }
}
