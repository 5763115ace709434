package dev.wagateway.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * App-state patches per account and collection (protocol §10): the server cannot read them; it numbers them,
 * serves them from a version on, and refuses a patch built on an old version (409) so two companions stay in step.
 */
final class AppStateStore {

    /** The patches of one collection, version n at index n - 1. */
    private static final class Collection {
        final ReentrantLock lock = new ReentrantLock();
        final List<byte[]> patches = new ArrayList<>();
    }

    private final ConcurrentHashMap<String, Collection> collections = new ConcurrentHashMap<>();

    /** Appends a patch written on top of {@code baseVersion}; returns the new version, or -1 when stale. */
    long append(String user, String name, long baseVersion, java.util.function.LongFunction<byte[]> patchForVersion) {
        Collection collection = collections.computeIfAbsent(user + "/" + name, key -> new Collection());
        collection.lock.lock();
        try {
            if (baseVersion != collection.patches.size()) {
                return -1;
            }
            long version = collection.patches.size() + 1L;
            collection.patches.add(patchForVersion.apply(version));
            return version;
        } finally {
            collection.lock.unlock();
        }
    }

    /** Every collection's patches, by {@code user/name}, for the sandbox state. */
    Map<String, List<byte[]>> all() {
        Map<String, List<byte[]>> all = new java.util.HashMap<>();
        collections.forEach((key, collection) -> {
            collection.lock.lock();
            try {
                all.put(key, List.copyOf(collection.patches));
            } finally {
                collection.lock.unlock();
            }
        });
        return all;
    }

    /** Puts back the collections the sandbox state kept (the store is empty). */
    void restore(Map<String, List<byte[]>> kept) {
        kept.forEach((key, patches) -> collections.computeIfAbsent(key, k -> new Collection()).patches.addAll(patches));
    }

    /** The current version and the patches after {@code afterVersion}. */
    record Slice(long version, List<byte[]> patches) {
    }

    Slice since(String user, String name, long afterVersion) {
        Collection collection = collections.get(user + "/" + name);
        if (collection == null) {
            return new Slice(0, List.of());
        }
        collection.lock.lock();
        try {
            int from = (int) Math.max(0, Math.min(afterVersion, collection.patches.size()));
            return new Slice(collection.patches.size(), List.copyOf(collection.patches.subList(from, collection.patches.size())));
        } finally {
            collection.lock.unlock();
        }
    }
}
