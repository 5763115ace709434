package dev.wagateway.protocol.store;

import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.SyncKeyLookup;

import java.util.Optional;

/**
 * Port: a device's app-state sync keys and the state (version, LT hash, value MACs) of each collection it synced, so
 * that a restart continues from the last applied patch instead of fetching every snapshot again. Each save is
 * durable when it returns.
 */
public interface AppStateStore extends SyncKeyLookup {

    /** Keeps a shared sync key (replacing one with the same id). */
    void saveSyncKey(AppStateSyncKey key);

    /**
     * The newest key we hold (highest timestamp, protocol §10.2): the one our own patches are encrypted with.
     */
    Optional<AppStateSyncKey> latestSyncKey();

    /** The state of collection {@code name}, if it was ever synced. */
    Optional<CollectionState> collection(String name);

    /** Saves (replaces) the state of {@code state.name()}. */
    void saveCollection(CollectionState state);
}
