package dev.wagateway.core.apikey;

import dev.wagateway.core.secret.SecretHash;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys {@code X-API-Key} requests presented, by hash, so that most of them read no database.
 *
 * <p>A miss reads the database outside any lock; an eviction (any change to any key) may happen during that read.
 * A fill therefore carries the eviction count seen before its read and is dropped when an eviction came between:
 * the copy it read may predate the change, and writing it back would undo a deactivation or a new limit. The check
 * and the insert are one step against evictions (a short lock, never held during I/O).
 */
final class AuthenticatedKeys {

    private final ConcurrentMap<SecretHash, ApiKey> byHash = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long evictions;

    /** The cached key with this hash. */
    Optional<ApiKey> get(SecretHash hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    /** What a fill must quote: the eviction count before it reads the database. */
    long stamp() {
        return evictions;
    }

    /** Caches {@code key}, read after {@link #stamp()} returned {@code stamp}, unless an eviction came between. */
    void fill(SecretHash hash, ApiKey key, long stamp) {
        lock.lock();
        try {
            if (evictions == stamp) {
                byHash.putIfAbsent(hash, key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the key with this hash after a change to it (and voids fills that were reading meanwhile). */
    void evict(SecretHash hash) {
        lock.lock();
        try {
            evictions++;
            byHash.remove(hash);
        } finally {
            lock.unlock();
        }
    }
}
