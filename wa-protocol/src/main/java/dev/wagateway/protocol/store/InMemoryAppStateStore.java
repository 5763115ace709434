package dev.wagateway.protocol.store;

import dev.wagateway.protocol.appstate.CollectionState;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link AppStateStore} in memory. */
public final class InMemoryAppStateStore implements AppStateStore {

    private final Map<String, AppStateSyncKey> keys = new ConcurrentHashMap<>();
    private final Map<String, CollectionState> collections = new ConcurrentHashMap<>();

    @Override
    public void saveSyncKey(AppStateSyncKey key) {
        keys.put(HexFormat.of().formatHex(key.keyId()), key);
    }

    @Override
    public Optional<byte[]> keyData(byte[] keyId) {
        return Optional.ofNullable(keys.get(HexFormat.of().formatHex(keyId))).map(AppStateSyncKey::keyData);
    }

    @Override
    public Optional<AppStateSyncKey> latestSyncKey() {
        return keys.values().stream().max(java.util.Comparator.comparingLong(AppStateSyncKey::timestamp));
    }

    @Override
    public Optional<CollectionState> collection(String name) {
        return Optional.ofNullable(collections.get(name));
    }

    @Override
    public void saveCollection(CollectionState state) {
        collections.put(state.name(), state);
    }
}
