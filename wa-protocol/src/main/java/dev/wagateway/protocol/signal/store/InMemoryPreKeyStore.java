package dev.wagateway.protocol.signal.store;

import dev.wagateway.protocol.signal.keys.PreKey;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One-time pre-keys in memory, kept as their serialized bytes as a persistent store would. */
public final class InMemoryPreKeyStore implements PreKeyStore {

    private final Map<Integer, byte[]> preKeys = new ConcurrentHashMap<>();

    @Override
    public Optional<PreKey> loadPreKey(int preKeyId) {
        return Optional.ofNullable(preKeys.get(preKeyId)).map(PreKey::parse);
    }

    @Override
    public void storePreKey(PreKey preKey) {
        preKeys.put(preKey.id(), preKey.serialize());
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return preKeys.containsKey(preKeyId);
    }

    @Override
    public void removePreKey(int preKeyId) {
        preKeys.remove(preKeyId);
    }
}
