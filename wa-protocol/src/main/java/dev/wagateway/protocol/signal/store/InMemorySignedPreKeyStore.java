package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.keys.SignedPreKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Signed pre-keys in memory, kept as their serialized bytes as a persistent store would. */
public final class InMemorySignedPreKeyStore implements SignedPreKeyStore {

    private final Map<Integer, byte[]> signedPreKeys = new ConcurrentSkipListMap<>();

    @Override
    public Optional<SignedPreKey> loadSignedPreKey(int signedPreKeyId) {
        return Optional.ofNullable(signedPreKeys.get(signedPreKeyId)).map(SignedPreKey::parse);
    }

    @Override
    public List<SignedPreKey> loadSignedPreKeys() {
        return signedPreKeys.values().stream().map(SignedPreKey::parse).toList();
    }

    @Override
    public void storeSignedPreKey(SignedPreKey signedPreKey) {
        signedPreKeys.put(signedPreKey.id(), signedPreKey.serialize());
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        signedPreKeys.remove(signedPreKeyId);
    }
}
