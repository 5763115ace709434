package dev.wagateway.persistence.protocol;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded copy of rows of one device's protocol store, absent rows included, kept by the store instance that
 * writes them. One client owns a device's store (the gateway opens a new store, with an empty cache, for each
 * session it starts), so what this instance last wrote or read stays true; PostgreSQL remains the truth: every write
 * goes to it first and is cached only once it returned, and a write that failed forgets its row, whatever the
 * database kept of it.
 *
 * <p>With several nodes the store is fenced by the lease (docs/scale-out.md): cached reads skip the fence, but every
 * write does not, so a node that lost a device fails at the write that would follow any read (the ratchet step of an
 * encryption, the decryption buffer of a received message) and nothing depending on stale state leaves it. A device
 * taken back later is opened again, with a new, empty cache.
 *
 * <p>Values must be immutable or copied by the caller. When full, the whole copy is dropped (rows are re-read on
 * demand): simpler than an LRU and, at the bounds used, rare.
 */
final class RowCache<K, V> {

    private final int capacity;
    private final ConcurrentHashMap<K, Optional<V>> rows = new ConcurrentHashMap<>();
    /**
     * Counts the writes, forgets and drops. A row read from the database is cached only if none happened while it was
     * read: a read racing a write could otherwise cache the row as it was before that write.
     */
    private final AtomicLong changes = new AtomicLong();

    RowCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The cached row of {@code key}, else {@code load}'s answer (cached unless a change raced it). */
    Optional<V> get(K key, Supplier<Optional<V>> load) {
        Optional<V> cached = rows.get(key);
        if (cached != null) {
            return cached;
        }
        long seen = changes.get();
        Optional<V> loaded = load.get();
        if (rows.size() >= capacity) {
            clear();
            return loaded;
        }
        rows.compute(key, (k, current) -> current != null ? current : changes.get() == seen ? loaded : null);
        return loaded;
    }

    /** After a write that returned: {@code key}'s row is now {@code value} (empty: deleted). */
    void put(K key, Optional<V> value) {
        changes.incrementAndGet();
        if (rows.size() >= capacity && !rows.containsKey(key)) {
            rows.clear();
        }
        rows.put(key, value);
    }

    /** After a write whose outcome is not known here (it failed, or the database decided): read it again next time. */
    void forget(K key) {
        changes.incrementAndGet();
        rows.remove(key);
    }

    /** After a write of many rows at once (a bulk delete, a reset). */
    void clear() {
        changes.incrementAndGet();
        rows.clear();
    }

    /** Runs {@code write}, then caches {@code key} as {@code value}; forgets it if the write failed. */
    void write(K key, Optional<V> value, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException | Error e) {
            forget(key);
            throw e;
        }
        put(key, value);
    }

    /** How many rows are cached (for tests). */
    int size() {
        return rows.size();
    }
}
